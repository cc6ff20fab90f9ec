// /v1/toolkits: the advocacy toolkits, and which local body would pass each in a town.
#include "lookup.hpp"

#include "civics_text.hpp"
#include "local_actions.hpp"
#include "lookup_data.hpp"
#include "resolve.hpp"

namespace masscivic::server {

Result<ToolkitList> Lookup::toolkits(const Text& town) const {
    if (!d_->toolkits_loaded)
        return Error{ErrorCode::NoDatabase,
                     "This database has no toolkits (datasets/toolkits.json was absent at import)."};
    ToolkitList out;
    const Municipality* m = nullptr;
    if (town) {
        auto r = one_town(*d_, *town, "town");
        if (!r) return r.error();
        m = *r;
        out.municipality = *m;
    }
    for (const auto& t : d_->toolkits) {
        Toolkit tk{t.id, t.name, t.summary, t.links, std::nullopt, {}, std::nullopt};
        if (m) {
            tk.local_body = local_body_for_ordinance(*m);
            auto topics = toolkit_topics(t.id);
            tk.local_actions = town_local_actions(*d_, m->geoid, topics);
            tk.local_actions_note = local_history_note(*m, tk.local_actions, topics);
        }
        out.toolkits.push_back(std::move(tk));
    }
    out.contact = d_->toolkit_contact;
    return out;
}

} // namespace masscivic::server
