// The error value every facade call can return, and the one table that maps error codes
// to HTTP status and JSON code (Valhalla style: one place, no HTTP types below the server).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace masscivic::server {

enum class ErrorCode {
    BadParameter,
    NotFound,
    Forbidden,
    MethodNotAllowed,
    PayloadTooLarge,
    UriTooLong,
    HeadersTooLarge,
    RateLimited,
    Internal,
    NoDatabase,
};

struct ErrorInfo {
    ErrorCode code;
    int http_status;
    const char* name; // the "code" string clients see
};

// The single error table.
const ErrorInfo& error_info(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

inline Error bad_parameter(const std::string& parameter, const std::string& why) {
    return {ErrorCode::BadParameter, parameter + ": " + why};
}
inline Error not_found(std::string message) {
    return {ErrorCode::NotFound, std::move(message)};
}

// A value or an Error (std::expected is C++23).
template <class T> class Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

} // namespace masscivic::server
