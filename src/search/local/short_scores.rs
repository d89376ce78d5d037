//! A pass's scores of the short values it has met: a pool's users share most of their short
//! values (`en-US`, `Europe/London`, `enterprise`, `true`, given and family names), and what a
//! word scores in a value depends on the value's text alone, so a pass works it out once, not
//! once a user. Longer values (emails, subs, ids) seldom repeat and are not kept.

/// Values of up to this many bytes are kept.
const LONGEST: usize = 16;
/// How many values are kept: a newer value takes the place of an older one of the same hash.
const SLOTS: usize = 1 << 12;
/// The length of a slot that holds nothing.
const EMPTY: u8 = u8::MAX;

#[derive(Clone, Copy)]
struct Slot {
    text: [u8; LONGEST],
    len: u8,
    score: Option<u16>,
}

/// The scores of one word in the short values met so far; made for one pass.
pub(super) struct ShortScores {
    slots: Vec<Slot>,
}

impl ShortScores {
    pub(super) fn new() -> Self {
        ShortScores {
            slots: vec![
                Slot {
                    text: [0; LONGEST],
                    len: EMPTY,
                    score: None,
                };
                SLOTS
            ],
        }
    }

    /// The word's score in `field`: kept from an earlier field of the same text, or `score`'s,
    /// which is kept when the field is short.
    pub(super) fn score(
        &mut self,
        field: &str,
        score: impl FnOnce() -> Option<u16>,
    ) -> Option<u16> {
        let bytes = field.as_bytes();
        if bytes.len() > LONGEST {
            return score();
        }
        let mut text = [0u8; LONGEST];
        text[..bytes.len()].copy_from_slice(bytes);
        let slot = &mut self.slots[place(&text, bytes.len())];
        if usize::from(slot.len) == bytes.len() && slot.text == text {
            return slot.score;
        }
        let score = score();
        *slot = Slot {
            text,
            len: bytes.len() as u8,
            score,
        };
        score
    }
}

/// The slot of a value: a multiplicative hash of its bytes (zero-padded) and its length.
fn place(text: &[u8; LONGEST], len: usize) -> usize {
    let (lo, hi) = text.split_at(8);
    let lo = u64::from_le_bytes(lo.try_into().unwrap_or([0; 8]));
    let hi = u64::from_le_bytes(hi.try_into().unwrap_or([0; 8]));
    let h = (lo ^ hi.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_value_is_scored_once_and_a_long_one_every_time() {
        let mut kept = ShortScores::new();
        let mut asked = 0;
        for field in ["en-US", "en-GB", "en-US", "", "", "en-US"] {
            let expected = (field.len() as u16).checked_sub(1);
            let got = kept.score(field, || {
                asked += 1;
                expected
            });
            assert_eq!(got, expected, "{field:?}");
        }
        assert_eq!(asked, 3, "en-US, en-GB and the empty value, once each");
        let long = "olivia.jones12345@example.org";
        for _ in 0..3 {
            kept.score(long, || {
                asked += 1;
                Some(7)
            });
        }
        assert_eq!(asked, 6);
    }

    #[test]
    fn values_that_share_a_slot_keep_their_own_scores() {
        let mut kept = ShortScores::new();
        // Far more values than slots: every one must come back with its own score.
        let values: Vec<String> = (0..3 * SLOTS).map(|i| format!("v{i}")).collect();
        for round in 0..2 {
            for (i, v) in values.iter().enumerate() {
                let got = kept.score(v, || Some(i as u16));
                assert_eq!(got, Some(i as u16), "round {round}: {v}");
            }
        }
    }
}
