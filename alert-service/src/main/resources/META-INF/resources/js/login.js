// Public: the only script the login page loads. Shows the error the backend's error page carries.
const params = new URLSearchParams(location.search);
document.addEventListener('DOMContentLoaded', () => {
  if (params.has('error')) {
    document.getElementById('login-error').hidden = false;
    document.getElementById('password').focus();
  }
});
