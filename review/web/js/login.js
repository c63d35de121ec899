// The login page: POST /api/login, then the page the user came from or their role's home.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("login-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      XM.showMessage("请输入用户名和密码");
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const answer = await XM.post("/api/login", { username, password });
      const next = new URLSearchParams(location.search).get("next");
      // Only a path on this server: never an address elsewhere.
      const safeNext = next && next.startsWith("/") && !next.startsWith("//") &&
                       !next.startsWith("/login.html") ? next : null;
      location.href = safeNext || XM.homeFor(answer.user.role);
    } catch (e) {
      XM.showMessage(e.status === 401 ? "用户名或密码错误" : e.message);
      form.password.value = "";
      form.password.focus();
    } finally {
      button.disabled = false;
    }
  });
});
