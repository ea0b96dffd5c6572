// The function whose saved answer `accounts reconcile` reads; apart from its parser, so naming it loads no parser.
export const GET_USER_CONFIGS = 'twofactorauth_get_user_configs';
