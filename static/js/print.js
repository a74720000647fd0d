/* A button marked data-print prints the page (the password reset's slip, R-W12). A script file,
   not an inline handler: the Content-Security-Policy allows no inline script. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
