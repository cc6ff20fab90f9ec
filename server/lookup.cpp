// The Lookup facade (lookup.hpp): loading (lookup_load.cpp), the /v1/lookup dispatch here,
// resolving input to a place (resolve.cpp, resolve_address.cpp), building answers (answer.cpp),
// and the directory endpoints (places.cpp, officials.cpp, toolkits.cpp, sponsors.cpp).
#include "lookup.hpp"

#include "answer.hpp"
#include "lookup_data.hpp"
#include "lookup_load.hpp"
#include "query_text.hpp"
#include "resolve.hpp"
#include "text.hpp"

#include <atomic>
#include <cstdlib>
#include <system_error>
#include <thread>

namespace masscivic::server {

namespace {

bool present(const Text& t) {
    return t.has_value();
}

// Freeing a dataset (millions of strings and vectors) takes a good part of a second. The last
// owner of the old data after a reload is the swap itself or a request in flight; either would
// wait for it (the swap under the lock every request takes), so it is freed on a thread of its
// own. At exit the pending frees are waited for and later ones are done in place, so nothing
// is still being freed while the process tears down.
std::atomic<int> pending_frees{0};
std::atomic<bool> exiting{false};

void wait_for_frees() {
    exiting = true;
    for (int n = pending_frees.load(); n != 0; n = pending_frees.load()) pending_frees.wait(n);
}

// Registered before the first Lookup exists, so it runs before the destructors of any static
// that holds one.
bool frees_waited_at_exit() {
    static const bool registered = std::atexit(wait_for_frees) == 0;
    return registered;
}

void free_done() {
    --pending_frees;
    pending_frees.notify_all();
}

bool free_on_thread(Lookup* lookup) {
    try {
        std::thread([lookup] {
            delete lookup;
            free_done();
        }).detach();
        return true;
    } catch (const std::system_error&) {
        return false;  // no thread to be had: the caller frees it
    }
}

void free_in_background(Lookup* lookup) {
    ++pending_frees;  // before reading `exiting`: wait_for_frees sees it or we see `exiting`
    if (frees_waited_at_exit() && !exiting && free_on_thread(lookup)) return;
    delete lookup;
    free_done();
}

} // namespace

Lookup::Lookup() : d_(std::make_unique<Data>()) {}
Lookup::~Lookup() = default;

std::shared_ptr<const Lookup> Lookup::open(const Options& options) {
    frees_waited_at_exit();
    std::shared_ptr<Lookup> lookup(new Lookup(), free_in_background);
    load_dataset(options, *lookup->d_);
    return lookup;
}

const std::string& Lookup::data_as_of() const {
    return d_->as_of;
}
const std::string& Lookup::fingerprint() const {
    return d_->fingerprint;
}
std::size_t Lookup::municipality_count() const {
    return d_->towns.size();
}

Result<PlaceAnswer> Lookup::lookup(const LookupRequest& r) const {
    if ((present(r.ward) || present(r.precinct)) && !present(r.town))
        return bad_parameter(present(r.ward) ? "ward" : "precinct", "needs town");
    int modes =
        present(r.town) + present(r.zip) + (present(r.lat) || present(r.lon)) + present(r.q) +
        present(r.address);
    if (modes == 0)
        return bad_parameter("town", "give one of town (with optional ward and precinct), zip, "
                                     "lat and lon, q, or address");
    if (modes > 1) return bad_parameter("q", "give only one of town, zip, lat/lon, q or address");
    if (present(r.address)) return by_address_text(*d_, *r.address, "address");
    if (present(r.town)) {
        auto norm = [](const Text& t) -> Result<std::string> {
            if (!t) return std::string();
            if (t->size() > 8) return Error{ErrorCode::BadParameter, ""};
            return normalize_precinct_label(*t);
        };
        auto ward = norm(r.ward);
        if (!ward || (r.ward && ward->empty()))
            return bad_parameter("ward", "must be a ward number like 2");
        auto pct = norm(r.precinct);
        if (!pct || (r.precinct && pct->empty()))
            return bad_parameter("precinct", "must be a precinct like 1 or 2A");
        // People type ZIPs into the town box; treat one as a ZIP rather than a misspelling.
        if (is_zip(trim(*r.town)) && ward->empty() && pct->empty()) {
            auto z = by_zip(*d_, *r.town);
            if (z) z->query.input = *r.town;
            return z;
        }
        auto a = by_name(*d_, *r.town, *ward, *pct, "town");
        if (a) a->query.input = *r.town;
        if (a && (!ward->empty() || !pct->empty()))
            a->query.input += ", " + precinct_label(ward->empty() ? Text() : Text(*ward), *pct);
        return a;
    }
    if (present(r.zip)) {
        auto a = by_zip(*d_, *r.zip);
        if (a) a->query.input = *r.zip;
        return a;
    }
    if (present(r.lat) || present(r.lon)) {
        if (!present(r.lat)) return bad_parameter("lat", "is required with lon");
        if (!present(r.lon)) return bad_parameter("lon", "is required with lat");
        auto a = by_point(*d_, *r.lat, *r.lon);
        if (a) a->query.input = trim(*r.lat) + "," + trim(*r.lon);
        return a;
    }
    return by_free_text(*d_, *r.q);
}

} // namespace masscivic::server
