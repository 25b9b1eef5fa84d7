//! Whom a member may write to, for the new conversation's pickers: their connections and the
//! members of their associations (the server checks the rest: blocks, and who takes messages).

use leptos::prelude::*;
use madani_shared::ClientError;
use madani_shared::endpoints::{ListConnections, ListMembers, ListMyAssociations};
use madani_shared::ids::UserId;
use madani_shared::network::{ConnectionFilter, ListConnectionsQuery};
use madani_shared::page::PageQuery;

use crate::components::form::{FormState, group_error};
use crate::components::list::all_pages;
use crate::i18n::tr;
use crate::session::Session;

/// A member who can be picked.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Person {
    pub id: UserId,
    pub name: String,
}

/// At most this many pages (100 each) of connections, and of each association's members.
const PAGES: usize = 5;

/// The member's connections and fellow members, each once, by name; never the member.
pub(super) async fn people(session: Session) -> Result<Vec<Person>, ClientError> {
    let me = session.user.get_untracked().map(|u| u.id);
    let connections = all_pages(
        |cursor| {
            let query = ListConnectionsQuery { status: Some(ConnectionFilter::Accepted), limit: Some(100), cursor };
            async move { session.call::<ListConnections>((), &query).await }
        },
        PAGES,
    )
    .await?;
    let mut found: Vec<Person> =
        connections.into_iter().map(|c| Person { id: c.member.user_id, name: c.member.display_name }).collect();
    for mine in session.call::<ListMyAssociations>((), &()).await? {
        let id = mine.association.id;
        let members = all_pages(
            |cursor| {
                let query = PageQuery { limit: Some(100), cursor };
                async move { session.call::<ListMembers>(id, &query).await }
            },
            PAGES,
        )
        .await;
        // A suspended association's list may be refused: its members are still someone's connections.
        if let Ok(members) = members {
            found.extend(members.into_iter().map(|m| Person { id: m.user_id, name: m.display_name }));
        }
    }
    found.retain(|p| Some(p.id) != me);
    found.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.id.to_string().cmp(&b.id.to_string()))
    });
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}

/// Members to choose, as boxes: the new conversation's group picker and a group's "Add people".
/// `ids` names the fieldset and prefixes each box's id (`<prefix>-<user id>`); `field` is the
/// request's field whose error the group shows.
#[component]
pub(super) fn PeopleBoxes(
    list: Vec<Person>,
    chosen: RwSignal<Vec<UserId>>,
    form: FormState,
    ids: (&'static str, &'static str),
    field: &'static str,
    legend: usize,
    #[prop(optional)] hint: Option<usize>,
) -> impl IntoView {
    let (fieldset_id, prefix) = ids;
    let first = list.first().map(|p| format!("{prefix}-{}", p.id)).unwrap_or_default();
    let hint_id = format!("{fieldset_id}-hint");
    let described = {
        let hint_id = hint_id.clone();
        move || {
            let error = form.error_for(field).map(|_| format!("{field}-error"));
            [hint.map(|_| hint_id.clone()), error].into_iter().flatten().collect::<Vec<_>>().join(" ")
        }
    };
    view! {
        <fieldset class="field checkbox-group" id=fieldset_id aria-describedby=described>
            <legend class="field__label">{tr(legend)}</legend>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id>{tr(h)}</p> })}
            <div class="checkbox-group__items">
                {list.into_iter().map(|p| {
                    let user = p.id;
                    view! {
                        <label class="checkbox">
                            <input type="checkbox" id=format!("{prefix}-{user}") value=user.to_string()
                                prop:checked=move || chosen.with(|c| c.contains(&user))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|x| *x != user);
                                        if on {
                                            c.push(user);
                                        }
                                    });
                                } />
                            <span dir="auto">{p.name}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {group_error(form, field, first, legend, move || chosen.track())}
        </fieldset>
    }
}
