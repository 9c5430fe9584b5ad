// Once a passkey is registered, go on to the next page (django-otp-webauthn's script only
// reports it with an event).
document.addEventListener("otp_webauthn.register_complete", function () {
  var after = document.getElementById("passkey-after");
  var url = after && after.getAttribute("data-url");
  window.location.assign(url || window.location.href);
});
