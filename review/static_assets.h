// The review pages (review/web/**), compiled into the binary at build time by
// cmake/embed_files.cmake, and how they are served: content type by extension, an ETag
// from the content so browsers revalidate cheaply (304), and no caching of HTML so a new
// binary's pages are picked up at once. Immutable; safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "review/api_types.h"

namespace xmatch::review {

struct EmbeddedFile {
  std::string_view path;     // relative to review/web: "index.html", "js/queue.js"
  std::string_view content;
};

// The files of review/web, built in (generated source).
const std::vector<EmbeddedFile>& ReviewWebFiles();

// "text/html; charset=utf-8" for .html, ...; "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view path);

class StaticAssets {
 public:
  explicit StaticAssets(const std::vector<EmbeddedFile>& files);

  bool Has(std::string_view path) const { return files_.count(std::string(path)) != 0; }
  // The file at `path` (relative, no leading '/'): 200 with the body, or 304 when
  // `if_none_match` names its ETag; 404 JSON when there is no such file.
  ApiResponse Serve(std::string_view path, std::string_view if_none_match) const;

 private:
  struct Asset {
    std::string_view content;
    std::string etag;  // quoted, from the SHA-256 of the content
  };
  std::map<std::string, Asset> files_;
};

}  // namespace xmatch::review
