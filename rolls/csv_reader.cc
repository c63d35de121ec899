#include "rolls/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/utf8.h"

namespace xmatch::rolls {
namespace {

// Large blocks keep read() calls and tail moves rare; a record larger than this grows it.
constexpr size_t kBlockSize = 4 << 20;

// Bytes that end an unquoted field, or may not appear in one.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  t[','] = t['\n'] = t['\r'] = t['"'] = true;
  return t;
}();

std::string AtLine(int64_t line) { return "line " + std::to_string(line) + ": "; }

// Whether `text` is UTF-8 (common/utf8.h), eight ASCII bytes at a time where it can.
bool IsUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (text.size() - i >= 8) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// Collapses each "" to " in place; returns the new length.
size_t CollapseDoubledQuotes(char* data, size_t size) {
  size_t out = 0;
  for (size_t in = 0; in < size; ++in, ++out) {
    data[out] = data[in];
    if (data[in] == '"') ++in;  // the field was validated: every quote here is doubled
  }
  return out;
}

}  // namespace

CsvReader::CsvReader(int fd, uint64_t size) : fd_(fd), size_(size) {}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::IoError("cannot read " + path + ": not a regular file");
  }
  std::unique_ptr<CsvReader> reader(new CsvReader(fd, static_cast<uint64_t>(st.st_size)));
  reader->buffer_.resize(kBlockSize);
  return reader;
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string_view text) {
  std::unique_ptr<CsvReader> reader(new CsvReader(-1, text.size()));
  reader->buffer_.assign(text.begin(), text.end());
  reader->end_ = text.size();
  reader->eof_ = true;
  return reader;
}

bool CsvReader::Fail(Status status) {
  status_ = std::move(status);
  return false;
}

bool CsvReader::Next(CsvRecord* record) {
  if (!status_.ok()) return false;
  for (;;) {
    if (!bom_checked_) {
      if (end_ - begin_ < 3 && !eof_) {
        if (!Refill()) return false;
        continue;
      }
      if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
        begin_ += 3;
      }
      bom_checked_ = true;
    }
    switch (ParseRecord(record)) {
      case Parse::kRecord:
        return true;
      case Parse::kError:
        return false;
      case Parse::kNeedMore:
        if (eof_) return false;  // nothing more will come: the end of the input
        if (!Refill()) return false;
        break;
    }
  }
}

bool CsvReader::Refill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    consumed_before_buffer_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  for (;;) {
    const ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(Status::IoError(std::string("read failed: ") + std::strerror(errno)));
    if (n == 0) eof_ = true;
    end_ += static_cast<size_t>(n);
    return true;
  }
}

// Parses one record starting at begin_. On kNeedMore nothing is consumed (except empty
// lines before the record): the caller refills and the record is parsed again from its
// start, so no state survives across a refill. At the end of the input (eof_ and nothing
// left) it returns kNeedMore too, which Next() turns into "no more records".
CsvReader::Parse CsvReader::ParseRecord(CsvRecord* record) {
  char* const buf = buffer_.data();

  // Skip empty lines.
  while (begin_ < end_ && (buf[begin_] == '\n' || buf[begin_] == '\r')) {
    if (buf[begin_] == '\r' && begin_ + 1 == end_ && !eof_) return Parse::kNeedMore;
    begin_ += (buf[begin_] == '\r' && begin_ + 1 < end_ && buf[begin_ + 1] == '\n') ? 2 : 1;
    ++line_;
  }
  if (begin_ == end_) return Parse::kNeedMore;

  record->fields.clear();
  escaped_fields_.clear();
  size_t p = begin_;
  int64_t newlines = 0;  // line breaks inside the record so far
  for (;;) {
    if (p < end_ && buf[p] == '"') {
      const size_t open = p;
      size_t q = p + 1;
      bool escaped = false;
      for (;;) {
        const void* hit = std::memchr(buf + q, '"', end_ - q);
        if (hit == nullptr) {
          if (!eof_) return Parse::kNeedMore;
          Fail(Status::InvalidArgument(
              AtLine(line_ + newlines) +
              "a quoted field is never closed (a \" without its closing \"; a quote inside a "
              "quoted field must be doubled: \"\")"));
          return Parse::kError;
        }
        const size_t at = static_cast<const char*>(hit) - buf;
        if (at + 1 == end_ && !eof_) return Parse::kNeedMore;
        if (at + 1 < end_ && buf[at + 1] == '"') {
          escaped = true;
          q = at + 2;
          continue;
        }
        p = at + 1;
        break;
      }
      const std::string_view field(buf + open + 1, p - open - 2);
      if (escaped) escaped_fields_.push_back(record->fields.size());
      record->fields.push_back(field);
      const int64_t field_start_line = line_ + newlines;
      newlines += std::count(field.begin(), field.end(), '\n');
      if (p < end_ && buf[p] != ',' && buf[p] != '\n' && buf[p] != '\r') {
        Fail(Status::InvalidArgument(
            AtLine(line_ + newlines) + "text after the closing quote of a field opened on line " +
            std::to_string(field_start_line) + " (quote the whole field)"));
        return Parse::kError;
      }
    } else {
      size_t q = p;
      while (q < end_ && !kSpecial[static_cast<unsigned char>(buf[q])]) ++q;
      if (q < end_ && buf[q] == '"') {
        Fail(Status::InvalidArgument(
            AtLine(line_ + newlines) +
            "a quote inside an unquoted field (quote the whole field and double the quote: "
            "\"a \"\"b\"\" c\")"));
        return Parse::kError;
      }
      if (q == end_ && !eof_) return Parse::kNeedMore;
      record->fields.emplace_back(buf + p, q - p);
      p = q;
    }

    if (p == end_) {
      if (!eof_) return Parse::kNeedMore;  // a ',' or line end may still follow
      break;                               // the last record, without a line end
    }
    const char c = buf[p];
    if (c == ',') {
      ++p;
      continue;
    }
    if (c == '\r') {
      if (p + 1 == end_ && !eof_) return Parse::kNeedMore;
      p += (p + 1 < end_ && buf[p + 1] == '\n') ? 2 : 1;
    } else {  // '\n'
      ++p;
    }
    ++newlines;
    break;
  }

  if (!IsUtf8(std::string_view(buf + begin_, p - begin_))) {
    Fail(Status::InvalidArgument(
        AtLine(line_) +
        "not valid UTF-8 text (the file is probably GBK: save it as \"CSV UTF-8\")"));
    return Parse::kError;
  }
  for (size_t i : escaped_fields_) {
    std::string_view& f = record->fields[i];
    char* data = buf + (f.data() - buf);
    f = std::string_view(data, CollapseDoubledQuotes(data, f.size()));
  }
  record->line = line_;
  line_ += newlines;
  begin_ = p;
  return Parse::kRecord;
}

}  // namespace xmatch::rolls
