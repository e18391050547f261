// The session cookie's name, for the server's front door (lib/http/front-door.ts), which must not load the database layer.
export const SESSION_COOKIE = "sitewatch_session";
