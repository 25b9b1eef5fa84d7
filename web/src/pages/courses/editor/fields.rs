//! A course's details as the trainers' forms edit them: title, summary, field, level, languages
//! and length.

use leptos::prelude::*;
use madani_shared::LocalizedText;
use madani_shared::associations::Field;
use madani_shared::courses::*;
use madani_shared::text::Language;

use super::super::language_key;
use crate::components::form::{FormState, SelectField, TextField, group_error};
use crate::components::label::label_options;
use crate::components::localized::LocalizedTextEditor;
use crate::i18n::{k, text, tr};

/// The course fields as edited.
#[derive(Clone, Copy)]
pub(super) struct CourseDraft {
    title: RwSignal<LocalizedText>,
    summary: RwSignal<LocalizedText>,
    field: RwSignal<String>,
    level: RwSignal<String>,
    languages: RwSignal<Vec<Language>>,
    minutes: RwSignal<String>,
}

impl CourseDraft {
    pub(super) fn new(lang: Language) -> Self {
        CourseDraft {
            title: RwSignal::new(LocalizedText::default()),
            summary: RwSignal::new(LocalizedText::default()),
            field: RwSignal::new(Field::ALL[0].as_str().to_owned()),
            level: RwSignal::new(CourseLevel::Beginner.as_str().to_owned()),
            languages: RwSignal::new(vec![lang]),
            minutes: RwSignal::new(String::new()),
        }
    }

    pub(super) fn of(c: &CourseSummary) -> Self {
        CourseDraft {
            title: RwSignal::new(c.title.clone()),
            summary: RwSignal::new(c.summary.clone()),
            field: RwSignal::new(c.field.as_str().to_owned()),
            level: RwSignal::new(c.level.as_str().to_owned()),
            languages: RwSignal::new(c.languages.clone()),
            minutes: RwSignal::new(c.estimated_minutes.map(|m| m.to_string()).unwrap_or_default()),
        }
    }

    pub(super) fn create(&self) -> CreateCourse {
        let mut languages = self.languages.get_untracked();
        languages.sort_by_key(|l| Language::ALL.iter().position(|x| x == l));
        CreateCourse {
            title: self.title.get_untracked(),
            summary: self.summary.get_untracked(),
            field: Field::parse(&self.field.get_untracked()).unwrap_or(Field::ALL[0]),
            level: CourseLevel::parse(&self.level.get_untracked()).unwrap_or(CourseLevel::Beginner),
            languages,
            estimated_minutes: self.minutes.get_untracked().trim().parse().ok(),
            starts_on: None,
            ends_on: None,
            capacity: None,
        }
    }

    /// The change that makes the course what the form shows.
    pub(super) fn update(&self) -> UpdateCourse {
        let c = self.create();
        UpdateCourse {
            title: Some(c.title),
            summary: Some(c.summary),
            field: Some(c.field),
            level: Some(c.level),
            languages: Some(c.languages),
            estimated_minutes: c.estimated_minutes,
            ..Default::default()
        }
    }
}

#[component]
pub(super) fn CourseFields(draft: CourseDraft, form: FormState) -> impl IntoView {
    view! {
        <LocalizedTextEditor id="title" label=k::COURSE_TITLE_FIELD value=draft.title form=form />
        <LocalizedTextEditor id="summary" label=k::COURSE_SUMMARY value=draft.summary multiline=true form=form />
        <SelectField id="field" label=k::DIR_FIELD value=draft.field options=label_options("activity", Field::ALL.iter().map(|f| f.as_str())) form=form />
        <SelectField id="level" label=k::COURSE_LEVEL value=draft.level options=label_options("course.level", CourseLevel::ALL.iter().map(|l| l.as_str())) form=form />
        <fieldset class="field" aria-describedby=move || form.error_for("languages").map(|_| "languages-error")>
            <legend class="field__label">{tr(k::COURSE_LANGUAGES)}</legend>
            <div class="cluster">
                {Language::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    id=format!("language-{}", lang.code())
                                    value=lang.code()
                                    prop:checked=move || draft.languages.with(|l| l.contains(&lang))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.languages.update(|list| {
                                            list.retain(|x| *x != lang);
                                            if on {
                                                list.push(lang);
                                            }
                                        });
                                    }
                                />
                                <span lang=lang.code()>{text(lang, language_key(lang))}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            {group_error(form, "languages", format!("language-{}", Language::ALL[0].code()), k::COURSE_LANGUAGES, move || draft.languages.track())}
        </fieldset>
        <TextField
            id="estimated_minutes"
            label=k::COURSE_MINUTES_FIELD
            value=draft.minutes
            form=form
            kind="number"
            required=false
            hint=k::COURSE_MINUTES_HINT
        />
    }
}
