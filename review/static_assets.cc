#include "review/static_assets.h"

#include <array>
#include <utility>

#include "common/hex.h"

namespace xmatch::review {

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
  }};
  for (const auto& [extension, type] : kTypes) {
    if (path.size() >= extension.size() &&
        path.substr(path.size() - extension.size()) == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

StaticAssets::StaticAssets(const std::vector<EmbeddedFile>& files) {
  for (const EmbeddedFile& file : files) {
    files_[std::string(file.path)] =
        Asset{file.content, "\"" + Sha256Hex(file.content).substr(0, 32) + "\""};
  }
}

ApiResponse StaticAssets::Serve(std::string_view path, std::string_view if_none_match) const {
  auto it = files_.find(std::string(path));
  if (it == files_.end()) return JsonError(404, "not_found", "没有这个页面或文件");
  const Asset& asset = it->second;
  ApiResponse response;
  response.content_type = std::string(ContentTypeFor(path));
  // HTML must follow the binary at once; other files are revalidated by ETag (they have
  // no version in their names, so they cannot be cached as immutable).
  const bool html = response.content_type.starts_with("text/html");
  response.headers.emplace_back("Cache-Control", html ? "no-store" : "no-cache");
  response.headers.emplace_back("ETag", asset.etag);
  if (!html && if_none_match == asset.etag) {
    response.status = 304;
    return response;
  }
  response.body = std::string(asset.content);
  return response;
}

}  // namespace xmatch::review
