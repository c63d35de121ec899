#include "store/subprocess.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>

namespace xmatch::store {
namespace {

std::string ErrnoText(int err) { return std::strerror(err); }

void WriteStderr(const char* text) {
  if (write(STDERR_FILENO, text, strlen(text)) < 0) return;
}

// Prepares the forked child and execs; returns the step that failed. Only
// async-signal-safe calls: the parent may have other threads.
const char* SetUpAndExec(int out_fd, char* const argv[], const ProcessUser* user) {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
      dup2(out_fd, STDERR_FILENO) < 0) {
    return "redirecting output";
  }
  close_range(3, UINT_MAX, 0);
  if (user != nullptr &&
      (setgroups(user->groups.size(), user->groups.data()) != 0 || setgid(user->gid) != 0 ||
       setuid(user->uid) != 0)) {
    return "switching user";
  }
  if (chdir("/") != 0) return "chdir /";
  execv(argv[0], argv);
  return "exec";
}

[[noreturn]] void ExecChild(int out_fd, char* const argv[], const ProcessUser* user) {
  const char* step = SetUpAndExec(out_fd, argv, user);
  const char* err = strerror(errno);
  WriteStderr(argv[0]);
  WriteStderr(": ");
  WriteStderr(step);
  WriteStderr(" failed: ");
  WriteStderr(err);
  WriteStderr("\n");
  _exit(127);
}

}  // namespace

Result<std::optional<ProcessUser>> PostgresProcessUser() {
  if (geteuid() != 0) return std::optional<ProcessUser>();
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? size : 16384);
  passwd pw{};
  passwd* found = nullptr;
  getpwnam_r("postgres", &pw, buf.data(), buf.size(), &found);
  if (found == nullptr) {
    return Status::FailedPrecondition(
        "running as root, but PostgreSQL refuses to run as root and there is no `postgres` "
        "system user to run it as: install the postgresql package (which creates it) or run "
        "as an ordinary user");
  }
  ProcessUser user{found->pw_name, found->pw_uid, found->pw_gid, {}};
  int n = 32;
  user.groups.resize(n);
  while (getgrouplist(found->pw_name, found->pw_gid, user.groups.data(), &n) < 0) {
    user.groups.resize(n);
  }
  user.groups.resize(n);
  return std::optional<ProcessUser>(std::move(user));
}

Result<ProcessOutput> RunProcess(const std::vector<std::string>& argv,
                                 const std::optional<ProcessUser>& user) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return Status::IoError(fmt::format("cannot run {}: pipe: {}", argv[0], ErrnoText(errno)));
  }
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    return Status::IoError(fmt::format("cannot run {}: fork: {}", argv[0], ErrnoText(err)));
  }
  if (pid == 0) ExecChild(fds[1], args.data(), user ? &*user : nullptr);
  close(fds[1]);

  ProcessOutput result;
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n > 0) {
      result.output.append(chunk, n);
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);

  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) {
      return Status::IoError(fmt::format("waiting for {}: {}", argv[0], ErrnoText(errno)));
    }
  }
  result.exit_code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  return result;
}

}  // namespace xmatch::store
