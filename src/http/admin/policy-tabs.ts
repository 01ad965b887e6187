import { SsprError } from '../../core/errors.js';
import type { Group } from '../../core/model.js';
import { methodTypes, type MethodType, type SsprPolicy } from '../../core/policy/sspr-policy.js';
import type { Locale, MessageKey } from '../../i18n/i18n.js';
import type { PolicyChanges } from '../../services/policy/sspr-policy-service.js';
import { html, type SafeHtml } from '../../core/html.js';
import { t } from '../portal/layout.js';
import type { ConsoleArea } from './access.js';
import { checkboxes, field, list, radios, select, text, wholeNumber, yesNo, type FormState } from './form-controls.js';

/** The policy as the console edits it: the scoped group by name, as the policy service describes it. */
export type DescribedPolicy = SsprPolicy & { selectedGroup: string | null };

export interface TabContext {
  locale: Locale;
  state: FormState;
  groups: Group[];
}

/** One editable tab of Entra's Password reset blade: its fields, how they render, what they change. */
export interface PolicyTab {
  slug: string;
  title: MessageKey;
  area: ConsoleArea;
  fields: string[];
  /** Checkbox fields: absent from a post when nothing is ticked, which means "none", not "unchanged". */
  multi?: string[];
  /** A status line above the form. */
  status?: MessageKey;
  render(context: TabContext): SafeHtml;
  changes(state: FormState): PolicyChanges;
}

/** The admin API's limit for a helpdesk URL (`admin-tenant-routes.ts`); an email address is shorter still. */
const helpdeskMax = 2048;

const yn = (value: boolean) => (value ? 'yes' : 'no');

export const formStateOf = (policy: DescribedPolicy): FormState => ({
  enabled: policy.enabled,
  selectedGroup: policy.selectedGroup ?? '',
  methodsRequired: String(policy.methodsRequired),
  methods: [...policy.methods],
  questionsToRegister: String(policy.questionsToRegister),
  questionsToReset: String(policy.questionsToReset),
  requireRegistration: yn(policy.requireRegistration),
  reconfirmDays: String(policy.reconfirmDays),
  notifyUsers: yn(policy.notifyUsers),
  notifyAdmins: yn(policy.notifyAdmins),
  customizeHelpdesk: yn(policy.helpdesk !== null),
  helpdesk:
    policy.helpdesk === null ? '' : policy.helpdesk.kind === 'url' ? policy.helpdesk.url : policy.helpdesk.email,
  writeback: yn(policy.writeback),
  unlockWithoutReset: yn(policy.unlockWithoutReset),
  requireStrongMethod: policy.requireStrongMethod ? ['on'] : [],
  revealEligibility: yn(policy.revealEligibility),
});

/** Only a tampered form sends anything but yes/no. */
const yesOrNo = (state: FormState, name: string): boolean => {
  const value = text(state, name);
  if (value !== 'yes' && value !== 'no') throw new SsprError('VALIDATION_FAILED', `${name} must be yes or no`);
  return value === 'yes';
};

const invalid = (problem: string) => new SsprError('POLICY_INVALID', problem, { problemIds: [problem] });

export const policyTabs: PolicyTab[] = [
  {
    slug: 'properties',
    title: 'admin.tab.properties',
    area: 'policy',
    fields: ['enabled', 'selectedGroup'],
    render: ({ locale, state, groups }) => html`${radios(
      'enabled',
      t(locale, 'admin.properties.enabled'),
      text(state, 'enabled'),
      (['none', 'selected', 'all'] as const).map((value) => ({
        value,
        label: t(locale, `admin.properties.enabled.${value}`),
      })),
    )}
${select('selectedGroup', t(locale, 'admin.properties.group'), text(state, 'selectedGroup'), [{ value: '', label: t(locale, 'admin.properties.group.choose') }, ...groups.map((g) => ({ value: g.name, label: g.name }))], t(locale, 'admin.properties.group.hint'))}`,
    changes: (state) => {
      const enabled = text(state, 'enabled');
      if (enabled !== 'none' && enabled !== 'selected' && enabled !== 'all')
        throw new SsprError('VALIDATION_FAILED', 'enabled must be none, selected or all');
      const selectedGroup = text(state, 'selectedGroup');
      // "Choose a group" with Selected is a choice of no group, even if one was saved before.
      if (enabled === 'selected' && !selectedGroup) throw invalid('GROUP_REQUIRED');
      return { enabled, ...(selectedGroup && { selectedGroup }) };
    },
  },
  {
    slug: 'authentication-methods',
    title: 'admin.tab.authenticationMethods',
    area: 'policy',
    fields: ['methodsRequired', 'methods', 'requireStrongMethod', 'questionsToRegister', 'questionsToReset'],
    multi: ['methods', 'requireStrongMethod'],
    render: ({ locale, state }) => html`${radios(
      'methodsRequired',
      t(locale, 'admin.methods.required'),
      text(state, 'methodsRequired'),
      [
        { value: '1', label: '1' },
        { value: '2', label: '2' },
      ],
    )}
${checkboxes(
  'methods',
  t(locale, 'admin.methods.available'),
  list(state, 'methods'),
  methodTypes.map((m) => ({ value: m, label: t(locale, `admin.method.${m}`) })),
)}
${checkboxes('requireStrongMethod', t(locale, 'admin.methods.strong'), list(state, 'requireStrongMethod'), [{ value: 'on', label: t(locale, 'admin.methods.strong.label') }])}
${field('questionsToRegister', t(locale, 'admin.questions.register'), text(state, 'questionsToRegister'), { type: 'number', hint: t(locale, 'admin.questions.hint'), inputmode: 'numeric' })}
${field('questionsToReset', t(locale, 'admin.questions.reset'), text(state, 'questionsToReset'), { type: 'number', inputmode: 'numeric' })}`,
    changes: (state) => ({
      methodsRequired: wholeNumber(text(state, 'methodsRequired')) as 1 | 2,
      // Unknown names reach the policy check, which reports them (METHOD_UNKNOWN).
      methods: list(state, 'methods') as MethodType[],
      // A checkbox: absent from the post when unticked, which means off.
      requireStrongMethod: list(state, 'requireStrongMethod').includes('on'),
      questionsToRegister: wholeNumber(text(state, 'questionsToRegister')),
      questionsToReset: wholeNumber(text(state, 'questionsToReset')),
    }),
  },
  {
    slug: 'registration',
    title: 'admin.tab.registration',
    area: 'policy',
    fields: ['requireRegistration', 'reconfirmDays'],
    render: ({
      locale,
      state,
    }) => html`${yesNo(locale, 'requireRegistration', t(locale, 'admin.registration.require'), text(state, 'requireRegistration'))}
${field('reconfirmDays', t(locale, 'admin.registration.reconfirm'), text(state, 'reconfirmDays'), { type: 'number', hint: t(locale, 'admin.registration.reconfirm.hint'), inputmode: 'numeric' })}`,
    changes: (state) => ({
      requireRegistration: yesOrNo(state, 'requireRegistration'),
      reconfirmDays: wholeNumber(text(state, 'reconfirmDays')),
    }),
  },
  {
    slug: 'notifications',
    title: 'admin.tab.notifications',
    area: 'policy',
    fields: ['notifyUsers', 'notifyAdmins'],
    render: ({
      locale,
      state,
    }) => html`${yesNo(locale, 'notifyUsers', t(locale, 'admin.notifications.users'), text(state, 'notifyUsers'))}
${yesNo(locale, 'notifyAdmins', t(locale, 'admin.notifications.admins'), text(state, 'notifyAdmins'))}`,
    changes: (state) => ({ notifyUsers: yesOrNo(state, 'notifyUsers'), notifyAdmins: yesOrNo(state, 'notifyAdmins') }),
  },
  {
    slug: 'customization',
    title: 'admin.tab.customization',
    area: 'policy',
    fields: ['customizeHelpdesk', 'helpdesk', 'revealEligibility'],
    render: ({
      locale,
      state,
    }) => html`${yesNo(locale, 'customizeHelpdesk', t(locale, 'admin.customization.enabled'), text(state, 'customizeHelpdesk'))}
${field('helpdesk', t(locale, 'admin.customization.value'), text(state, 'helpdesk'), { hint: t(locale, 'admin.customization.hint'), maxlength: helpdeskMax })}
${radios(
  'revealEligibility',
  t(locale, 'admin.reveal.legend'),
  text(state, 'revealEligibility'),
  [
    { value: 'yes', label: t(locale, 'admin.yes') },
    { value: 'no', label: t(locale, 'admin.no') },
  ],
  t(locale, 'admin.reveal.hint'),
)}`,
    changes: (state) => {
      // The enumeration trade-off (DESIGN §3): off by default, told in words next to the switch.
      const revealEligibility = yesOrNo(state, 'revealEligibility');
      if (!yesOrNo(state, 'customizeHelpdesk')) return { helpdesk: null, revealEligibility };
      const value = text(state, 'helpdesk').trim();
      // Entra's one field takes either: an address without a scheme is an email, anything else a URL.
      const isEmail = value.includes('@') && !value.includes('://');
      return { helpdesk: isEmail ? { kind: 'email', email: value } : { kind: 'url', url: value }, revealEligibility };
    },
  },
  {
    slug: 'on-premises-integration',
    title: 'admin.tab.onPremises',
    area: 'onPremises',
    fields: ['writeback', 'unlockWithoutReset'],
    status: 'admin.onPremises.status',
    render: ({
      locale,
      state,
    }) => html`${yesNo(locale, 'writeback', t(locale, 'admin.onPremises.writeback'), text(state, 'writeback'))}
${yesNo(locale, 'unlockWithoutReset', t(locale, 'admin.onPremises.unlock'), text(state, 'unlockWithoutReset'))}`,
    changes: (state) => ({
      writeback: yesOrNo(state, 'writeback'),
      unlockWithoutReset: yesOrNo(state, 'unlockWithoutReset'),
    }),
  },
];
