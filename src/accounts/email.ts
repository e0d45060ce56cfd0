// An email address is local@domain. Homelab hosts (admin@localhost, ops@nas) have no dot, so none is required.
import * as v from "valibot";

const LOCAL_AT_DOMAIN = /^[^\s@]+@[^\s@]+$/;

/** Trimmed and lower-cased, so the same person is never two users. */
export const EmailAddress = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.toLowerCase(),
  v.regex(LOCAL_AT_DOMAIN, "must be an email address"),
  v.maxLength(254, "must be at most 254 characters"),
);
