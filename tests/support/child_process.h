// ChildProcess: a program run as a child process by the integration tests, so that it
// can be killed at any moment (SIGKILL) as in production. Test-only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace xmatch::testing {

// A child process: argv[0] is a path; `env` entries (NAME=value) are added to this
// process's environment. Stdout goes to a pipe (ReadLine) unless `stdout_file` is given;
// stderr to `stderr_file` (or is inherited). The destructor kills it (SIGKILL) and reaps
// it if it still runs.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& stdout_file = "", const std::string& stderr_file = "");
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Signal(int signal_number);
  // The exit status (128 + signal when killed), or nullopt when still running after
  // `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // One line of stdout (pipe mode), "" on timeout or end of file.
  std::string ReadLine(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::optional<int> status_;
};

}  // namespace xmatch::testing
