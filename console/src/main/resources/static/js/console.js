// The console's only script besides htmx (the Content-Security-Policy allows no inline
// script): every htmx request carries the session's CSRF token as a header.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
