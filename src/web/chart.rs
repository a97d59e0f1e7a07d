//! The theme page's timeline: one point per issue (oldest first), its height the number of
//! matches in that issue, laid out for a server-rendered SVG.
//!
//! [`timeline`] is pure geometry; the template (`theme.html`) draws it, escaping every label.

/// Width of the drawing, in SVG units (it scales to the page).
pub const WIDTH: f32 = 640.0;
/// Height of the drawing.
pub const HEIGHT: f32 = 240.0;
const LEFT: f32 = 44.0;
const RIGHT: f32 = 16.0;
const TOP: f32 = 16.0;
const BOTTOM: f32 = 40.0;
/// Space between the axis and the first and last points, so their labels stay clear of the
/// axis labels.
const INSET: f32 = 24.0;

/// One issue on the timeline, as the chart is asked to draw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The issue id (also the point's `data-issue`).
    pub id: String,
    /// How the issue is named ("Dimensies 26 (2016)").
    pub label: String,
    /// The year under the point, when known.
    pub year: Option<i32>,
    /// Matches in the issue.
    pub count: u64,
    /// The link of the point.
    pub href: String,
}

/// A point of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position (0 at the top).
    pub y: f32,
    /// The entry it draws.
    pub entry: Entry,
    /// Whether the year is written under this point (the first point of each year).
    pub shows_year: bool,
}

/// A horizontal grid line with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Vertical position.
    pub y: f32,
    /// The count it marks.
    pub value: u64,
}

/// The laid-out chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The points, oldest issue first.
    pub points: Vec<Point>,
    /// The line through the points (`x,y x,y …`), empty for fewer than two points.
    pub line: String,
    /// Grid lines, bottom first.
    pub ticks: Vec<Tick>,
    /// The y of the horizontal axis.
    pub baseline: f32,
    /// The x of the vertical axis.
    pub left: f32,
    /// The x where the plot ends.
    pub right: f32,
    /// The highest count.
    pub max: u64,
}

/// Lays out a timeline: points spread evenly (one issue, one point in the middle), counts
/// scaled to a "nice" maximum (1, 2, 5 × 10ⁿ) so the grid lines fall on round numbers.
pub fn timeline(entries: Vec<Entry>) -> Timeline {
    let max = entries.iter().map(|entry| entry.count).max().unwrap_or(0);
    let top_value = nice_ceiling(max.max(1));
    let plot_width = WIDTH - LEFT - RIGHT - 2.0 * INSET;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let baseline = TOP + plot_height;
    let step = if entries.len() > 1 {
        plot_width / (entries.len() - 1) as f32
    } else {
        0.0
    };
    let mut previous_year = None;
    let points: Vec<Point> = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let x = if step == 0.0 {
                LEFT + INSET + plot_width / 2.0
            } else {
                LEFT + INSET + step * index as f32
            };
            let y = baseline - plot_height * (entry.count as f32 / top_value as f32);
            let shows_year = entry.year.is_some() && entry.year != previous_year;
            previous_year = entry.year;
            Point {
                x: round(x),
                y: round(y),
                entry,
                shows_year,
            }
        })
        .collect();
    let line = if points.len() > 1 {
        points
            .iter()
            .map(|point| format!("{},{}", point.x, point.y))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        String::new()
    };
    let tick_step = tick_step(top_value);
    let ticks = (0..=top_value / tick_step)
        .map(|index| {
            let value = index * tick_step;
            Tick {
                y: round(baseline - plot_height * (value as f32 / top_value as f32)),
                value,
            }
        })
        .collect();
    Timeline {
        points,
        line,
        ticks,
        baseline: round(baseline),
        left: LEFT,
        right: WIDTH - RIGHT,
        max,
    }
}

/// Rounds to one decimal (shorter SVG, stable tests).
fn round(value: f32) -> f32 {
    (value * 10.0).round() / 10.0
}

/// Returns the smallest of 1, 2, 5, 10, 20, 50, … that is at least `value`.
fn nice_ceiling(value: u64) -> u64 {
    let mut magnitude = 1u64;
    loop {
        for factor in [1, 2, 5] {
            let candidate = factor * magnitude;
            if candidate >= value {
                return candidate;
            }
        }
        magnitude = magnitude.saturating_mul(10);
        if magnitude == u64::MAX {
            return value;
        }
    }
}

/// Grid step for a nice maximum: four or five lines (1 for small maxima).
fn tick_step(top_value: u64) -> u64 {
    match top_value {
        0..=5 => 1,
        _ => {
            let step = top_value / 5;
            if top_value % 5 == 0 {
                step
            } else {
                top_value / 4
            }
        }
    }
    .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, year: i32, count: u64) -> Entry {
        Entry {
            id: id.to_string(),
            label: id.to_string(),
            year: Some(year),
            count,
            href: format!("/nummer/{id}"),
        }
    }

    #[test]
    fn one_point_per_issue_scaled_to_a_round_maximum() {
        let chart = timeline(vec![
            entry("a", 2016, 0),
            entry("b", 2016, 17),
            entry("c", 2019, 34),
        ]);
        assert_eq!(chart.points.len(), 3);
        assert_eq!(chart.max, 34);
        // 34 is drawn against a top of 50: the grid is 0, 10, …, 50.
        let values: Vec<u64> = chart.ticks.iter().map(|tick| tick.value).collect();
        assert_eq!(values, [0, 10, 20, 30, 40, 50]);
        assert_eq!(chart.points[0].y, chart.baseline);
        assert!(chart.points[2].y < chart.points[1].y);
        assert_eq!(chart.points[0].x, LEFT + INSET);
        assert_eq!(chart.points[2].x, WIDTH - RIGHT - INSET);
        let years: Vec<bool> = chart.points.iter().map(|point| point.shows_year).collect();
        assert_eq!(years, [true, false, true]);
        assert_eq!(chart.line.split(' ').count(), 3);
    }

    #[test]
    fn a_single_issue_sits_in_the_middle_without_a_line() {
        let chart = timeline(vec![entry("a", 2019, 3)]);
        assert_eq!(chart.points.len(), 1);
        assert_eq!(
            chart.points[0].x,
            round(LEFT + (WIDTH - LEFT - RIGHT) / 2.0)
        );
        assert!(chart.line.is_empty());
        let values: Vec<u64> = chart.ticks.iter().map(|tick| tick.value).collect();
        assert_eq!(values, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn nice_maxima() {
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(500), 500);
        assert_eq!(tick_step(20), 4);
        assert_eq!(tick_step(2), 1);
    }
}
