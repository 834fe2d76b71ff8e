//! Answers kept until the data changes.
//!
//! The metrics read hundreds of thousands of rows to compute figures that only a write can
//! change. Every write's transaction raises the data's generation (`Db::generation`), so an answer
//! computed at one generation is right until it moves: each question is computed once per
//! generation, however many dashboards ask it at the same moment, and answered from memory after
//! that. The generation lives in the database, so every server sharing it sees another's writes.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::web::Bytes;
use sha2::{Digest as _, Sha256};
use tokio::sync::OnceCell;

use crate::error::ApiError;

/// An answer as sent: its media type, its body and its `ETag` (a hash of the body, so that a
/// write that changes nothing in it keeps the tag dashboards hold).
#[derive(Debug, Clone)]
pub struct Answer {
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Bytes,
    /// The strong `ETag`, quoted.
    pub etag: String,
}

impl Answer {
    /// An answer of `body`, tagged with its hash.
    pub fn new(content_type: &'static str, body: Vec<u8>) -> Self {
        let etag = format!("\"{:x}\"", Sha256::digest(&body));
        Self { content_type, body: body.into(), etag }
    }
}

/// The memory answers may take; past it, those kept are dropped and computed again when asked.
const BUDGET_BYTES: usize = 64 << 20;
/// How many questions are remembered at once, so that questions that never repeat (any filter
/// value is a new question) cannot grow the table without bound.
const MAX_QUESTIONS: usize = 4096;

/// The answers of the current generation, shared by every worker.
#[derive(Default)]
pub struct Answers {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    generation: i64,
    bytes: usize,
    answers: HashMap<String, Arc<OnceCell<Answer>>>,
}

impl Answers {
    /// The answer to `question` at `generation`: computed by `compute` once, the callers asking
    /// meanwhile waiting for it, and kept until the generation moves.
    pub async fn get_or_compute<F, Fut>(
        &self,
        generation: i64,
        question: String,
        compute: F,
    ) -> Result<Answer, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Answer, ApiError>>,
    {
        let cell = {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if generation > kept.generation {
                *kept = Kept { generation, ..Kept::default() };
            }
            if kept.answers.len() >= MAX_QUESTIONS {
                kept.answers.clear();
                kept.bytes = 0;
            }
            // A caller that read the generation before a later write: its answer is not kept.
            (generation == kept.generation).then(|| Arc::clone(kept.answers.entry(question).or_default()))
        };
        let Some(cell) = cell else { return compute().await };
        let mut computed = 0;
        let answer = cell
            .get_or_try_init(|| async {
                let answer = compute().await?;
                computed = answer.body.len();
                Ok::<_, ApiError>(answer)
            })
            .await?
            .clone();
        if computed > 0 {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if kept.generation == generation {
                kept.bytes += computed;
                if kept.bytes > BUDGET_BYTES {
                    kept.answers.clear();
                    kept.bytes = 0;
                }
            }
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly by design")]

    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    async fn ask(answers: &Answers, generation: i64, computed: &AtomicUsize) -> Answer {
        answers
            .get_or_compute(generation, "question".into(), || async {
                computed.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                Ok(Answer::new("text/plain", format!("at {generation}").into_bytes()))
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_question_is_computed_once_per_generation_however_many_ask_at_once() {
        let (answers, computed) = (Answers::default(), AtomicUsize::new(0));
        let asked = futures_util::future::join_all((0..50).map(|_| ask(&answers, 1, &computed))).await;
        assert_eq!(computed.load(Ordering::SeqCst), 1);
        assert!(asked.iter().all(|answer| answer.body == "at 1"));

        assert_eq!(ask(&answers, 2, &computed).await.body, "at 2", "a write makes the answer computed again");
        assert_eq!(computed.load(Ordering::SeqCst), 2);
        // A caller behind the latest write gets its own answer, and it is not kept.
        assert_eq!(ask(&answers, 1, &computed).await.body, "at 1");
        assert_eq!(ask(&answers, 2, &computed).await.body, "at 2");
        assert_eq!(computed.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_failed_computation_is_not_kept() {
        let answers = Answers::default();
        let failed = answers
            .get_or_compute(1, "q".into(), || async { Err(ApiError::Unavailable("database busy".into())) })
            .await;
        assert!(failed.is_err());
        let answer = answers.get_or_compute(1, "q".into(), || async { Ok(Answer::new("text/plain", b"x".to_vec())) });
        assert_eq!(answer.await.unwrap().body, "x");
    }
}
