//! One page of a listing, the shape every paged endpoint answers with.

use serde::{Deserialize, Serialize};

/// The default number of items per page.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The largest page a client may ask for.
pub const MAX_PER_PAGE: u32 = 100;

/// One page of items, with what a client needs to page through the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page, in the requested order.
    pub items: Vec<T>,
    /// How many items match the filters, over all pages.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size that was applied.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// The number of pages needed for `total` items (at least 1, so an empty listing has one empty page).
    pub fn page_count(&self) -> u32 {
        let per_page = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per_page).max(1)).unwrap_or(u32::MAX)
    }

    /// The same page with each item turned into another representation.
    pub fn map<U>(self, each: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(each).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: u64, per_page: u32) -> Page<()> {
        Page { items: vec![], total, page: 1, per_page }
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        assert_eq!(page(0, 20).page_count(), 1);
        assert_eq!(page(20, 20).page_count(), 1);
        assert_eq!(page(21, 20).page_count(), 2);
        assert_eq!(page(5, 0).page_count(), 5);
    }
}
