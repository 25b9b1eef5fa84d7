//! A quiz as the trainers' builder holds it while it is edited: its rules, and its questions with
//! their choices, each keyed for the lists that show them.

use std::sync::atomic::{AtomicU64, Ordering};

use leptos::prelude::*;
use madani_shared::courses::*;
use madani_shared::text::LocalizedText;

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_KEY.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone)]
pub(super) struct ChoiceDraft {
    pub(super) key: u64,
    pub(super) id: Option<String>,
    pub(super) text: RwSignal<LocalizedText>,
    pub(super) correct: RwSignal<bool>,
}

impl ChoiceDraft {
    pub(super) fn new() -> Self {
        ChoiceDraft {
            key: next_key(),
            id: None,
            text: RwSignal::new(LocalizedText::default()),
            correct: RwSignal::new(false),
        }
    }
}

#[derive(Clone)]
pub(super) struct QuestionDraft {
    pub(super) key: u64,
    pub(super) id: Option<String>,
    pub(super) kind: RwSignal<QuestionKind>,
    pub(super) prompt: RwSignal<LocalizedText>,
    pub(super) points: RwSignal<String>,
    pub(super) choices: RwSignal<Vec<ChoiceDraft>>,
    pub(super) answer: RwSignal<Option<bool>>,
    pub(super) accepted: RwSignal<String>,
}

impl QuestionDraft {
    pub(super) fn new() -> Self {
        QuestionDraft {
            key: next_key(),
            id: None,
            kind: RwSignal::new(QuestionKind::Single),
            prompt: RwSignal::new(LocalizedText::default()),
            points: RwSignal::new("1".into()),
            choices: RwSignal::new(vec![ChoiceDraft::new(), ChoiceDraft::new()]),
            answer: RwSignal::new(None),
            accepted: RwSignal::new(String::new()),
        }
    }

    pub(super) fn of(q: &QuizQuestion) -> Self {
        QuestionDraft {
            key: next_key(),
            id: q.id.clone(),
            kind: RwSignal::new(q.kind),
            prompt: RwSignal::new(q.prompt.clone()),
            points: RwSignal::new(q.points.to_string()),
            choices: RwSignal::new(
                q.choices
                    .iter()
                    .map(|c| ChoiceDraft {
                        key: next_key(),
                        id: c.id.clone(),
                        text: RwSignal::new(c.text.clone()),
                        correct: RwSignal::new(c.correct),
                    })
                    .collect(),
            ),
            answer: RwSignal::new(q.answer),
            accepted: RwSignal::new(q.accepted.join("\n")),
        }
    }

    pub(super) fn question(&self) -> QuizQuestion {
        let kind = self.kind.get_untracked();
        let choosing = matches!(kind, QuestionKind::Single | QuestionKind::Multiple);
        QuizQuestion {
            id: self.id.clone(),
            kind,
            prompt: self.prompt.get_untracked(),
            points: self.points.get_untracked().trim().parse().unwrap_or(0),
            choices: if choosing {
                self.choices
                    .get_untracked()
                    .iter()
                    .map(|c| QuizChoice {
                        id: c.id.clone(),
                        text: c.text.get_untracked(),
                        correct: c.correct.get_untracked(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            answer: (kind == QuestionKind::TrueFalse).then(|| self.answer.get_untracked()).flatten(),
            accepted: if kind == QuestionKind::Short {
                self.accepted.get_untracked().lines().map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// As a learner sees it, for the preview.
    pub(super) fn preview(&self) -> AttemptQuestion {
        let q = self.question();
        AttemptQuestion {
            id: format!("preview-{}", self.key),
            kind: q.kind,
            prompt: q.prompt,
            points: q.points,
            choices: self
                .choices
                .get_untracked()
                .iter()
                .map(|c| AttemptChoice { id: c.key.to_string(), text: c.text.get_untracked() })
                .collect(),
        }
    }
}

/// The rules and questions as edited.
#[derive(Clone, Copy)]
pub(super) struct QuizDraft {
    pub(super) pass_percent: RwSignal<String>,
    pub(super) max_attempts: RwSignal<String>,
    pub(super) time_limit: RwSignal<String>,
    pub(super) shuffle: RwSignal<bool>,
    pub(super) show_answers: RwSignal<bool>,
    pub(super) questions: RwSignal<Vec<QuestionDraft>>,
}

impl QuizDraft {
    pub(super) fn new() -> Self {
        QuizDraft {
            pass_percent: RwSignal::new("70".into()),
            max_attempts: RwSignal::new(String::new()),
            time_limit: RwSignal::new(String::new()),
            shuffle: RwSignal::new(false),
            show_answers: RwSignal::new(true),
            questions: RwSignal::new(vec![QuestionDraft::new()]),
        }
    }

    pub(super) fn load(&self, quiz: &Quiz) {
        self.pass_percent.set(quiz.pass_percent.to_string());
        self.max_attempts.set(quiz.max_attempts.map(|m| m.to_string()).unwrap_or_default());
        self.time_limit.set(quiz.time_limit_minutes.map(|m| m.to_string()).unwrap_or_default());
        self.shuffle.set(quiz.shuffle);
        self.show_answers.set(quiz.show_answers);
        self.questions.set(quiz.questions.iter().map(QuestionDraft::of).collect());
    }

    pub(super) fn quiz(&self) -> Quiz {
        let number = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        Quiz {
            pass_percent: number(self.pass_percent).unwrap_or(101),
            max_attempts: number(self.max_attempts),
            time_limit_minutes: number(self.time_limit),
            shuffle: self.shuffle.get_untracked(),
            show_answers: self.show_answers.get_untracked(),
            questions: self.questions.get_untracked().iter().map(QuestionDraft::question).collect(),
        }
    }
}
