// What a password must be, for the server and the forms alike. Pure.

export const MIN_PASSWORD_LENGTH = 12;
/** Argon2 takes any length; this only stops a megabyte "password" from costing a hash. */
export const MAX_PASSWORD_LENGTH = 1024;
