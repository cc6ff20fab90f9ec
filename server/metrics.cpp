#include "metrics.hpp"

#include <sstream>

namespace masscivic::server {

void Metrics::record(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    auto& b = buckets_[route];
    std::size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i])
        ++i;
    ++b[i];
    sums_[route] += seconds;
}

std::string Metrics::text(const std::string& as_of, bool db_loaded, double uptime) const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP masscivic_requests_total HTTP requests by route pattern and status.\n"
           "# TYPE masscivic_requests_total counter\n";
    for (const auto& [key, n] : requests_)
        out << "masscivic_requests_total{route=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << n << "\n";
    out << "# HELP masscivic_request_duration_seconds Time to answer a request.\n"
           "# TYPE masscivic_request_duration_seconds histogram\n";
    for (const auto& [route, b] : buckets_) {
        unsigned long long cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += b[i];
            out << "masscivic_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
                << kBuckets[i] << "\"} " << cumulative << "\n";
        }
        cumulative += b[kBuckets.size()];
        out << "masscivic_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
            << cumulative << "\n";
        out << "masscivic_request_duration_seconds_sum{route=\"" << route << "\"} "
            << sums_.at(route) << "\n";
        out << "masscivic_request_duration_seconds_count{route=\"" << route << "\"} " << cumulative
            << "\n";
    }
    out << "# HELP masscivic_database_loaded 1 when a database is loaded.\n"
           "# TYPE masscivic_database_loaded gauge\n"
           "masscivic_database_loaded "
        << (db_loaded ? 1 : 0) << "\n";
    out << "# HELP masscivic_data_as_of_info Snapshot date of the loaded database.\n"
           "# TYPE masscivic_data_as_of_info gauge\n"
           "masscivic_data_as_of_info{as_of=\""
        << as_of << "\"} " << (db_loaded ? 1 : 0) << "\n";
    out << "# HELP masscivic_uptime_seconds Seconds since the server started.\n"
           "# TYPE masscivic_uptime_seconds gauge\n"
           "masscivic_uptime_seconds "
        << uptime << "\n";
    return out.str();
}

} // namespace masscivic::server
