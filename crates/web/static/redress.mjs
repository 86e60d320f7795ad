// Enhancements only: every page works without this. GOV.UK Frontend's components
// look for `govuk-frontend-supported` on <body>, which is added here rather than by
// an inline script so that the Content-Security-Policy can forbid inline scripts.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
