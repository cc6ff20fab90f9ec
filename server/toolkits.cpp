// /v1/toolkits: the advocacy toolkits, and which local body would pass each in a town.
#include "lookup.hpp"

#include "civics_text.hpp"
#include "lookup_data.hpp"
#include "resolve.hpp"

namespace masscivic::server {

Result<ToolkitList> Lookup::toolkits(const Text& town) const {
    if (!d_->toolkits_loaded)
        return Error{ErrorCode::NoDatabase,
                     "The toolkits file (datasets/toolkits.json) is not loaded."};
    ToolkitList out;
    const Municipality* m = nullptr;
    if (town) {
        auto r = one_town(*d_, *town, "town");
        if (!r) return r.error();
        m = *r;
        out.municipality = *m;
    }
    for (const auto& t : d_->toolkits) {
        Toolkit tk{t.id, t.name, t.summary, t.links, std::nullopt};
        if (m) tk.local_body = local_body_for_ordinance(*m);
        out.toolkits.push_back(std::move(tk));
    }
    out.contact = d_->toolkit_contact;
    return out;
}

} // namespace masscivic::server
