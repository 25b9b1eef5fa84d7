//! The outline in the trainers' editor: each module with its lessons, and their buttons — edit or
//! rename in place, edit a quiz's questions, move up and down, delete after a confirmation.

use leptos::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::courses::*;
use madani_shared::endpoints::{DeleteLesson, DeleteModule, UpdateLessonEndpoint, UpdateModuleEndpoint};
use madani_shared::ids::{LessonId, ModuleId};

use super::super::{focus_soon, kind_icon, kind_label};
use super::Outline;
use super::lesson_edit::{LessonEditor, ModuleRenameForm};
use crate::components::dialog::ConfirmDialog;
use crate::components::icon::{Icon, icon};
use crate::components::mutation::Mutation;
use crate::components::toast::use_toasts;
use crate::i18n::{format, k, tr, use_locale};
use crate::session::use_session;

/// A lesson or a module of the outline.
#[derive(Clone, Copy, Debug)]
enum Item {
    Lesson(LessonId),
    Module(ModuleId),
}

impl Item {
    /// How its buttons' ids start.
    fn kind(self) -> &'static str {
        match self {
            Item::Lesson(_) => "lesson",
            Item::Module(_) => "module",
        }
    }

    fn id(self) -> String {
        match self {
            Item::Lesson(id) => id.to_string(),
            Item::Module(id) => id.to_string(),
        }
    }
}

/// A move: the item, its new position (counting from 1) among `count`, and whether it went up.
#[derive(Clone, Copy, Debug)]
struct Move {
    item: Item,
    to: usize,
    count: usize,
    up: bool,
}

#[component]
pub(super) fn OutlineEditor(outline: Outline) -> impl IntoView {
    let session = use_session();
    let locale = use_locale();
    let toasts = use_toasts();
    let id = outline.course;
    let reload = move |_| outline.reload();

    // Deleting, after a confirmation.
    let to_delete: RwSignal<Option<Item>> = RwSignal::new(None);
    let lesson_dialog = RwSignal::new(false);
    let module_dialog = RwSignal::new(false);
    let delete = Mutation::new(move |item: Item| async move {
        match item {
            Item::Lesson(lesson) => session.call::<DeleteLesson>((id, lesson), &()).await.map(|()| item),
            Item::Module(module) => session.call::<DeleteModule>((id, module), &()).await.map(|()| item),
        }
    })
    .toast_by(|item| {
        Some(match item {
            Item::Lesson(_) => k::COURSE_LESSON_DELETED,
            Item::Module(_) => k::COURSE_MODULE_DELETED,
        })
    })
    .then(reload);
    let ask_delete = move |item: Item| {
        to_delete.set(Some(item));
        match item {
            Item::Lesson(_) => lesson_dialog.set(true),
            Item::Module(_) => module_dialog.set(true),
        }
    };
    let confirmed = Callback::new(move |()| {
        if let Some(item) = to_delete.get_untracked() {
            delete.dispatch(item);
        }
    });

    // Moving a lesson within its module, or a module within the course; the focus stays on the
    // moved item, on the same arrow unless it has reached an end.
    let moving = Mutation::new(move |m: Move| async move {
        let position = Some(m.to as i32);
        match m.item {
            Item::Lesson(lesson) => {
                let request = UpdateLesson { position, ..Default::default() };
                session.call::<UpdateLessonEndpoint>((id, lesson), &request).await.map(drop)
            }
            Item::Module(module) => {
                let request = UpdateModule { position, ..Default::default() };
                session.call::<UpdateModuleEndpoint>((id, module), &request).await.map(drop)
            }
        }
        .map(|()| m)
    })
    .then(move |m| {
        let arrow = if (m.up && m.to > 1) || (!m.up && m.to == m.count) { "up" } else { "down" };
        outline.focus_after.try_set(Some(format!("{}-{arrow}-{}", m.item.kind(), m.item.id())));
        toasts.success(format(
            locale.get_untracked(),
            k::COURSE_MOVED,
            &[("n", &m.to.to_string()), ("total", &m.count.to_string())],
        ));
        outline.reload();
    });
    // Up and down arrows for the item at `index` among `count` (none for a lone item).
    let arrows = move |item: Item, title: LocalizedText, index: usize, count: usize| {
        (count > 1).then(|| {
            [true, false]
                .into_iter()
                .map(|up| {
                    let title = title.clone();
                    let key = if up { k::COURSE_MOVE_UP } else { k::COURSE_MOVE_DOWN };
                    let to = if up { index } else { index + 2 };
                    view! {
                        <button
                            type="button"
                            class=if up { "btn btn--ghost btn--small btn--icon move-up" } else { "btn btn--ghost btn--small btn--icon move-down" }
                            id=format!("{}-{}-{}", item.kind(), if up { "up" } else { "down" }, item.id())
                            disabled=if up { index == 0 } else { index + 1 >= count }
                            title=tr(key)
                            on:click=move |_| moving.dispatch(Move { item, to, count, up })
                        >
                            {icon(if up { Icon::ArrowUp } else { Icon::ArrowDown })}
                            <span class="sr-only">{tr(key)} ": " {move || title.get(locale.get()).to_owned()}</span>
                        </button>
                    }
                })
                .collect_view()
        })
    };

    // Editing a lesson or renaming a module in place; closing returns the focus to its button.
    let close = move |item: Item, saved: bool| {
        let button = match item {
            Item::Lesson(_) => "lesson-edit",
            Item::Module(_) => "module-rename",
        };
        let target = format!("{button}-{}", item.id());
        if saved {
            outline.focus_after.set(Some(target));
            outline.reload();
        } else {
            focus_soon(target);
        }
    };
    let close_lesson_edit = Callback::new(move |saved: bool| {
        let Some(lesson) = outline.editing_lesson.get_untracked() else { return };
        outline.editing_lesson.set(None);
        close(Item::Lesson(lesson), saved);
    });
    let close_module_rename = Callback::new(move |saved: bool| {
        let Some(module) = outline.renaming_module.get_untracked() else { return };
        outline.renaming_module.set(None);
        close(Item::Module(module), saved);
    });

    let lesson_row = move |j: usize, count: usize, l: LessonOutline| {
        let lesson_id = l.id;
        let kind = l.kind;
        let title = l.title.clone();
        // The title, for screen readers, after each button's name.
        let named = move || {
            let title = title.clone();
            view! { <span class="sr-only">": " {move || title.get(locale.get()).to_owned()}</span> }
        };
        let shown_title = l.title.clone();
        let quiz_target = (l.id, l.title.clone());
        let editing = move || outline.editing_lesson.get() == Some(lesson_id);
        let edit_form = move || {
            editing().then(|| view! { <LessonEditor course_id=id lesson_id=lesson_id on_close=close_lesson_edit /> })
        };
        view! {
            <li class="list__item editor-lesson" data-lesson=l.id.to_string()>
                <span class="cluster">
                    {kind_icon(kind)}
                    <span>
                        <span dir="auto">{move || shown_title.get(locale.get()).to_owned()}</span>
                        <span class="list__meta">
                            " · " {move || kind_label(locale.get(), kind)}
                            {(!l.required).then(|| view! { " · " {tr(k::LESSON_OPTIONAL)} })}
                        </span>
                    </span>
                </span>
                <span class="cluster editor-actions">
                <button
                    type="button"
                    class="btn btn--ghost btn--small edit-lesson"
                    id=format!("lesson-edit-{}", l.id)
                    aria-expanded=move || if editing() { "true" } else { "false" }
                    on:click=move |_| outline.editing_lesson.set(Some(lesson_id))
                >
                    {tr(k::COURSE_EDIT_LESSON)}
                    {named()}
                </button>
                {(kind == LessonKind::Quiz).then(|| view! {
                    <button
                        type="button"
                        class="btn btn--secondary btn--small edit-quiz"
                        data-lesson=quiz_target.0.to_string()
                        on:click=move |_| outline.editing_quiz.set(Some(quiz_target.clone()))
                    >
                        {tr(k::QUIZ_EDITOR_EDIT)}
                        {named()}
                    </button>
                })}
                {arrows(Item::Lesson(lesson_id), l.title.clone(), j, count)}
                <button type="button" class="btn btn--ghost btn--small" on:click=move |_| ask_delete(Item::Lesson(lesson_id))>
                    {tr(k::COURSE_DELETE_LESSON)}
                    {named()}
                </button>
                </span>
                {edit_form}
            </li>
        }
    };

    let module_card = move |i: usize, count: usize, m: Module| {
        let module_id = m.id;
        let title = m.title.clone();
        let heading = move || {
            format(locale.get(), k::COURSE_MODULE_N, &[("n", &(i + 1).to_string()), ("title", title.get(locale.get()))])
        };
        let title = m.title.clone();
        let named = move || {
            let title = title.clone();
            view! { <span class="sr-only">": " {move || title.get(locale.get()).to_owned()}</span> }
        };
        let lessons = m.lessons.clone();
        let lesson_count = lessons.len();
        let renaming = move || outline.renaming_module.get() == Some(module_id);
        let rename_form = {
            let module = m.clone();
            move || {
                renaming().then(
                    || view! { <ModuleRenameForm course_id=id module=module.clone() on_close=close_module_rename /> },
                )
            }
        };
        view! {
            <section class="card stack editor-module" data-module=m.id.to_string()>
                <div class="cluster editor-module__head">
                    <h3 class="card__subtitle" dir="auto">{heading}</h3>
                    <span class="cluster editor-actions">
                        <button
                            type="button"
                            class="btn btn--ghost btn--small rename-module"
                            id=format!("module-rename-{}", m.id)
                            aria-expanded=move || if renaming() { "true" } else { "false" }
                            on:click=move |_| outline.renaming_module.set(Some(module_id))
                        >
                            {tr(k::COURSE_RENAME_MODULE)}
                            {named()}
                        </button>
                        {arrows(Item::Module(module_id), m.title.clone(), i, count)}
                        <button type="button" class="btn btn--ghost btn--small" on:click=move |_| ask_delete(Item::Module(module_id))>
                            {tr(k::COURSE_DELETE_MODULE)}
                            {named()}
                        </button>
                    </span>
                </div>
                {rename_form}
                {if lessons.is_empty() {
                    view! { <p class="muted">{tr(k::COURSE_NO_LESSONS)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {lessons.into_iter().enumerate().map(|(j, l)| lesson_row(j, lesson_count, l)).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
        }
    };

    view! {
        <div class="stack" id="editor-modules">
            {move || {
                let list = outline.modules.get();
                if list.is_empty() {
                    view! { <p class="muted">{tr(k::COURSE_NO_MODULES)}</p> }.into_any()
                } else {
                    let count = list.len();
                    list.into_iter().enumerate().map(|(i, m)| module_card(i, count, m)).collect_view().into_any()
                }
            }}
        </div>
        <ConfirmDialog open=lesson_dialog title=k::COURSE_DELETE_LESSON_TITLE message=k::COURSE_DELETE_LESSON_TEXT confirm_label=k::COURSE_DELETE_LESSON
            on_confirm=confirmed title_id="delete-lesson-title" />
        <ConfirmDialog open=module_dialog title=k::COURSE_DELETE_MODULE_TITLE message=k::COURSE_DELETE_MODULE_TEXT confirm_label=k::COURSE_DELETE_MODULE
            on_confirm=confirmed title_id="delete-module-title" />
    }
}
