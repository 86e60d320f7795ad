//! Charts as SVG drawn on the server (no script, no library): grouped bars by month, each
//! chart an `<svg role="img">` named by its `<title>` and described by its `<desc>`. The page
//! shows the numbers in a table beside every chart, for screen readers and for anyone who
//! prefers them; colours are told apart by a legend with text, never by colour alone.

use std::fmt::Write;

/// The drawing's size, in its own units (it scales to the page's width).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
/// Room for the axis labels and the legend.
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 28.0;

/// One series of bars: its name in the legend, its colour, and a value per label.
pub(crate) struct Series {
    pub name: &'static str,
    /// A GOV.UK palette colour with at least 3:1 contrast on white (WCAG 1.4.11).
    pub colour: &'static str,
    /// Its values; `None` where there is none (no responses that month).
    pub values: Vec<Option<f64>>,
}

/// A chart of grouped bars.
pub(crate) struct BarChart {
    /// Unique on the page: the title's and description's ids start with it.
    pub id: &'static str,
    pub title: String,
    pub description: String,
    /// The groups' labels, below the bars ("Apr").
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// The axis' top: 100 for percentages; else the largest value (at least 1).
    pub max: Option<f64>,
}

impl BarChart {
    /// The chart as inline SVG.
    pub(crate) fn svg(&self) -> String {
        let largest = self.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b));
        let max = self.max.unwrap_or(largest).max(1.0);
        let plot_height = HEIGHT - TOP - BOTTOM;
        let group_width = (WIDTH - LEFT) / self.labels.len().max(1) as f64;
        let bar_width = (group_width * 0.8) / self.series.len().max(1) as f64;
        let mut svg = String::new();
        let id = self.id;
        let _ = write!(
            svg,
            r#"<svg class="redress-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
            escape(&self.title),
            escape(&self.description)
        );
        // The axis: the baseline, and the top value with its gridline.
        let base = TOP + plot_height;
        let _ = write!(
            svg,
            r##"<g aria-hidden="true"><line x1="{LEFT}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#0b0c0c"/><line x1="{LEFT}" y1="{TOP}" x2="{WIDTH}" y2="{TOP}" stroke="#b1b4b6" stroke-dasharray="4 4"/><text x="{}" y="{}" text-anchor="end" font-size="12" fill="#0b0c0c">{}</text><text x="{}" y="{base}" text-anchor="end" font-size="12" fill="#0b0c0c">0</text>"##,
            LEFT - 6.0,
            TOP + 4.0,
            number(max),
            LEFT - 6.0,
        );
        for (n, series) in self.series.iter().enumerate() {
            // The legend, across the top.
            let x = LEFT + 160.0 * n as f64;
            let _ = write!(
                svg,
                r##"<rect x="{x}" y="4" width="12" height="12" fill="{}"/><text x="{}" y="15" font-size="12" fill="#0b0c0c">{}</text>"##,
                series.colour,
                x + 16.0,
                escape(series.name)
            );
            for (g, value) in series.values.iter().enumerate() {
                let Some(value) = value else { continue };
                let height = plot_height * (value / max).clamp(0.0, 1.0);
                let x = LEFT + group_width * g as f64 + group_width * 0.1 + bar_width * n as f64;
                let _ = write!(
                    svg,
                    r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{height:.1}" fill="{}"/>"#,
                    base - height,
                    bar_width * 0.9,
                    series.colour
                );
            }
        }
        for (g, label) in self.labels.iter().enumerate() {
            let x = LEFT + group_width * (g as f64 + 0.5);
            let _ = write!(
                svg,
                r##"<text x="{x:.1}" y="{}" text-anchor="middle" font-size="12" fill="#0b0c0c">{}</text>"##,
                HEIGHT - 8.0,
                escape(label)
            );
        }
        svg.push_str("</g></svg>");
        svg
    }
}

/// A value as the axis shows it: whole numbers without a decimal point.
fn number(value: f64) -> String {
    if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.1}") }
}

/// Text made safe inside SVG (XML) elements.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_named_by_its_title_and_description_with_one_bar_per_value() {
        let chart = BarChart {
            id: "received",
            title: "Complaints received by month".into(),
            description: "Stage 1 <and> stage 2".into(),
            labels: vec!["Apr".into(), "May".into()],
            series: vec![
                Series { name: "Stage 1", colour: "#1d70b8", values: vec![Some(4.0), Some(2.0)] },
                Series { name: "Stage 2", colour: "#912b88", values: vec![Some(1.0), None] },
            ],
            max: None,
        };
        let svg = chart.svg();
        assert!(svg.starts_with(r#"<svg class="redress-chart" viewBox="0 0 640 240" role="img" aria-labelledby="received-title received-desc""#));
        assert!(svg.contains(r#"<title id="received-title">Complaints received by month</title>"#));
        assert!(svg.contains("Stage 1 &lt;and&gt; stage 2"), "text is escaped");
        // Three bars and two legend keys: the month with no value draws none.
        assert_eq!(svg.matches("<rect").count(), 3 + 2);
        // The largest value, 4, is the axis' top and fills the plot (240 - 28 - 28 = 184).
        assert!(svg.contains(r##"height="184.0" fill="#1d70b8""##), "{svg}");
        assert!(svg.contains(">4</text>"));
    }
}
