#include "rolls/import_errors.h"

namespace xmatch::rolls {

// Past the listed ones, errors are only counted: no message is built.
void ImportErrors::Add(int64_t line, const FieldError& error) {
  if (listed_.size() == max_listed_) return AddUnlisted(1);
  AddMessage("line " + std::to_string(line) + ", " + std::string(error.column) + ": " +
             error.rule);
}

void ImportErrors::AddRowError(int64_t line, std::string_view message) {
  if (listed_.size() == max_listed_) return AddUnlisted(1);
  AddMessage("line " + std::to_string(line) + ": " + std::string(message));
}

void ImportErrors::AddMessage(std::string message) {
  ++count_;
  if (listed_.size() < max_listed_) listed_.push_back(std::move(message));
}

Status ImportErrors::ToStatus(std::string_view file) const {
  std::string msg = std::string(file) + ": " + std::to_string(count_) +
                    (count_ == 1 ? " error" : " errors") + ", nothing was imported:";
  for (const std::string& line : listed_) msg += "\n  " + line;
  if (count_ > listed_.size()) {
    const uint64_t more = count_ - listed_.size();
    msg += "\n  and " + std::to_string(more) + (more == 1 ? " more error" : " more errors");
  }
  return Status::InvalidArgument(msg);
}

}  // namespace xmatch::rolls
