/**
 * The portal's only stylesheet, served from /static/portal.css so the CSP can forbid inline
 * styles. Colours meet WCAG AA contrast (4.5:1 for text); the layout is a single column that
 * fits a 320 px phone.
 */
export const portalCss = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f2f2f2}
header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1rem;background:#fff;border-bottom:1px solid #d0d0d0}
.brand{font-weight:600;display:flex;align-items:center;gap:.5rem}
.brand img{height:32px;width:auto;max-width:10rem}
.signin-text{white-space:pre-line;border-left:4px solid var(--accent,#0b57d0);padding-left:.75rem}
main{max-width:28rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d0d0;border-radius:4px;overflow-wrap:anywhere}
main:focus{outline:none}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{display:block;font-weight:400;color:#505050;font-size:.9rem}
input[type=text],input[type=email],input[type=password]{width:100%;padding:.6rem;font-size:1rem;border:1px solid #6b6b6b;border-radius:2px}
input:focus,button:focus,a:focus{outline:3px solid var(--accent,#0b57d0);outline-offset:2px}
button{margin-top:1.25rem;padding:.6rem 1.5rem;font-size:1rem;color:#fff;background:var(--accent,#0b57d0);border:0;border-radius:2px;cursor:pointer}
button.link{background:none;color:var(--accent,#0b57d0);padding:0;margin:0;text-decoration:underline}
a{color:var(--accent,#0b57d0)}
.alert{padding:.75rem 1rem;margin:0 0 1rem;border-left:4px solid}
.alert.error{background:#fdecea;border-color:#b3261e;color:#5f1410}
.alert.success{background:#e6f4ea;border-color:#137333;color:#0d4a21}
.alert p,.alert ul{margin:0}
.alert.warning{background:#fff4e0;border-color:#8a5a00;color:#4a3000}
.alert.error a{color:#5f1410}
.field-error{color:#b3261e;font-weight:600;margin:.25rem 0 .5rem;overflow-wrap:anywhere}
.field-error p{margin:0}
[aria-invalid=true]{border-color:#b3261e;border-width:2px}
.account{font-weight:600;overflow-wrap:anywhere}
.alert p+p,.alert p+pre{margin-top:.5rem}
p.error{color:#b3261e;font-weight:600;margin:.25rem 0}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.lang a{font-size:.9rem}
.meta{color:#505050;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #d0d0d0;padding:.4rem;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;margin:0}
.rules{margin:.25rem 0 0;padding-left:1.25rem;color:#404040;font-size:.9rem}
.rules li[data-met=yes]{color:#0d4a21}
.rules li[data-met=yes]::marker{content:"\\2713  "}
.rules li[data-met=no]::marker{content:"\\2717  "}
/* Security info: method cards, the authenticator QR code, secondary buttons, question pickers. */
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
input[type=tel],select{width:100%;padding:.6rem;font-size:1rem;border:1px solid #6b6b6b;border-radius:2px;background:#fff;color:#1b1b1b}
select:focus{outline:3px solid var(--accent,#0b57d0);outline-offset:2px}
.methods{list-style:none;margin:0;padding:0}
.methods li{border:1px solid #d0d0d0;border-radius:4px;padding:.75rem;margin:0 0 .75rem}
.methods .kind{font-weight:600;display:block}
.methods .meta{display:block}
.methods .actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;margin-top:.5rem}
.methods .actions form{margin:0}
.methods button.link{text-align:left}
.badge{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:2px;border:1px solid}
.badge.verified{color:#0d4a21;background:#e6f4ea;border-color:#137333}
.badge.pending{color:#5c3c00;background:#fef7e0;border-color:#8a5a00}
button.secondary{color:var(--accent,#0b57d0);background:#fff;border:1px solid var(--accent,#0b57d0)}
.button{display:inline-block;margin-top:1.25rem;padding:.6rem 1.5rem;color:#fff;background:var(--accent,#0b57d0);border-radius:2px;text-decoration:none}
.choices{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:baseline}
section.add{border-top:1px solid #d0d0d0;margin-top:1.25rem}
h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.qr{margin:1rem 0;max-width:14rem}
.qr svg{display:block;width:100%;height:auto}
code.secret{display:block;font-size:1.05rem;letter-spacing:.1em;word-break:break-all;padding:.5rem;background:#f2f2f2}
@media (max-width:30rem){main{margin:0;border:0;border-radius:0}}
/* Long Dutch compounds ("Beveiligingsgegevens") stay whole on a 320 px screen. */
@media (max-width:22rem){h1{font-size:1.3rem}}
main.wide{max-width:60rem}
.tabs ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0 0 1rem;padding:0}
.tabs a{display:block;padding:.35rem .7rem;border:1px solid #6b6b6b;border-radius:2px;text-decoration:none}
.tabs a[aria-current=page]{background:var(--accent,#0b57d0);border-color:var(--accent,#0b57d0);color:#fff}
fieldset{border:1px solid #d0d0d0;border-radius:2px;margin:1rem 0 0;padding:.5rem 1rem .75rem;min-width:0}
fieldset.bare{border:0;margin:0;padding:0}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;align-items:center;gap:.5rem;margin:.35rem 0}
.choice label{margin:0;font-weight:400}
.choice input{width:1.25rem;height:1.25rem;margin:0;flex:none}
select,input[type=number]{width:100%;max-width:20rem;padding:.5rem;font-size:1rem;border:1px solid #6b6b6b;border-radius:2px;background:#fff}
select:focus,input:focus{outline:3px solid var(--accent,#0b57d0);outline-offset:2px}
.status{padding:.75rem 1rem;border-left:4px solid #8a5a00;background:#fff4e0;color:#4a3000}
.scroll{overflow-x:auto}
/* main's overflow-wrap:anywhere lets a table shrink by cutting words ("Metho/de"); in a scrolling box it keeps them whole and scrolls. */
.scroll td,.scroll th{overflow-wrap:normal}
.scroll:focus-visible{outline:3px solid var(--accent,#0b57d0);outline-offset:2px}
dl.facts{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.4rem 1rem;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
dl.facts ul,dl.facts p{margin:0}
ul.plain{padding-left:1.25rem}
.pager p{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
@media (max-width:30rem){main{margin:0;border:0;border-radius:0}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}

/* Password reset wizard: cancel under each step, the helpdesk offer, the support code at the bottom. */
form.cancel button{margin-top:.75rem}
.retry{border-top:1px solid #d0d0d0;margin-top:1.5rem;padding-top:.5rem}
.retry .choices{gap:.5rem 1.5rem}
.cancel-link{margin-top:1.25rem}
p.support{margin-top:2rem;border-top:1px solid #d0d0d0;padding-top:.5rem}
#captcha-status{margin:.25rem 0}
.methods h3.kind{margin:0;font-size:1rem}
`;
