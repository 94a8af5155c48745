// Loaded at the start of <body>, before anything is drawn: GOV.UK Frontend styles its components
// for JavaScript only when these classes are set. A file rather than an inline script, because
// the Content-Security-Policy allows scripts from this site only.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
