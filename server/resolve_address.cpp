// Street address -> place (see resolve.hpp). Without address data the best we can do is
// find the town (or ZIP) in the address and answer for it as a whole.
#include "resolve.hpp"

#include "answer.hpp"

#include <algorithm>

namespace masscivic::server {

// A street address cannot be geocoded offline: find the town among its last words.
Result<PlaceAnswer> by_address(const Data& d, const ParsedQuery& pq) {
    const auto& w = pq.address_words;
    for (std::size_t len = std::min<std::size_t>(4, w.size() > 1 ? w.size() - 1 : 0); len >= 1;
         --len) {
        std::string tail;
        for (std::size_t i = w.size() - len; i < w.size(); ++i)
            tail += (tail.empty() ? "" : " ") + w[i];
        auto match = match_name(d, tail);
        if (match.places.size() != 1) continue;
        auto a = by_name(d, tail, "", "", "q");
        if (!a) return a;
        std::string town = d.town(match.places[0].geoid).name;
        if (!pq.zip.empty()) a->zip = pq.zip;
        a->query.input = "a street address in " + town;
        a->query.interpreted_as = "address";
        a->query.explanation =
            "We can't place a street address without an online map, so this answer is for " + town +
            " as a whole. Your ward and precinct (on your voter registration) or your "
            "location would make it exact.";
        return a;
    }
    if (!pq.zip.empty()) {
        auto a = by_zip(d, pq.zip);
        if (!a) return a;
        a->query.input = "a street address in ZIP " + pq.zip;
        a->query.interpreted_as = "address";
        a->query.explanation = "We can't place a street address offline; this answer is for ZIP " +
                               pq.zip +
                               ". Your ward and precinct or your location would make it exact.";
        return a;
    }
    return not_found("We couldn't find a Massachusetts city or town in that address; add the "
                     "town name or ZIP code.");
}

} // namespace masscivic::server
