#include "demo/xmatch_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace xmatch::demo {
namespace {

// Reads up to the first newline within `timeout`; "" on timeout or end of output.
std::string ReadFirstLine(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::max<int64_t>(1, left.count()))) <= 0) continue;
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) return "";
    if (c == '\n') return line;
    line += c;
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<XmatchChild>> XmatchChild::Start(const XmatchChildOptions& options) {
  std::vector<std::string> args = {options.xmatch_binary};
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::string what = "`xmatch";
  for (const std::string& a : options.args) what += " " + a;
  what += "`";
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return Status::Internal("pipe() failed for " + what);
  // Everything the child needs is prepared before fork: the parent may have threads.
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string log = options.log_file.empty() ? "/dev/null" : options.log_file;
  const pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) {
    close(out[0]);
    close(out[1]);
    return Status::Internal("fork() failed for " + what);
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);  // the demo died before we got here
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);
    dup2(out[1], STDOUT_FILENO);
    int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (err >= 0) dup2(err, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string first = ReadFirstLine(out[0], options.start_timeout);
  if (first.empty()) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(out[0]);
    return Status::Unavailable(what + " did not start; see " + log);
  }
  return std::unique_ptr<XmatchChild>(new XmatchChild(pid, out[0], first));
}

bool XmatchChild::Running() {
  if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
  return pid_ > 0;
}

void XmatchChild::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 50 && Running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

XmatchChild::~XmatchChild() { Stop(); }

}  // namespace xmatch::demo
