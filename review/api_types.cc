#include "review/api_types.h"

namespace xmatch::review {

ApiResponse JsonResponse(const nlohmann::json& body, int status) {
  ApiResponse response;
  response.status = status;
  // Invalid UTF-8 from the database must not turn into an exception mid-request.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

ApiResponse JsonError(int status, const std::string& code, const std::string& message) {
  return JsonResponse({{"error", code}, {"message", message}}, status);
}

}  // namespace xmatch::review
