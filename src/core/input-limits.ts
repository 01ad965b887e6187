/**
 * The longest value the server takes in each portal and API field. The request schemas refuse longer
 * ones, and the pages give each input the same number as `maxlength`, so a browser stops the typing
 * where the server would refuse it (issue 14).
 */
export const inputLimits = {
  userId: 256,
  password: 1024,
  phoneNumber: 64,
  code: 32,
  answer: 200,
  captcha: 4096,
  csrf: 512,
} as const;
