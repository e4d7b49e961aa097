from decimal import Decimal

from tracker.performance.measures.charts import TrendPoint, trend_chart
from tracker.performance.measures.presenters import format_number, format_value

D = Decimal


def _point(label, value, target=None, england=None):
    return TrendPoint(
        label=label, short_label=label[:3], value=value, target=target, england=england
    )


def test_trend_chart_states_the_figures_in_its_text_alternative():
    chart = trend_chart(
        key="k",
        title="Re-referrals over time",
        unit="percentage",
        what="Re-referrals",
        points=[
            _point("September 2026", D("24"), D("20"), D("22.4")),
            _point("October 2026", D("21.5"), D("20"), D("22.1")),
        ],
    )
    assert chart.summary == (
        "Line chart of Re-referrals for 2 periods from September 2026 to October 2026. "
        "September 2026: 24%. October 2026: 21.5%, against a target of 20%; England average "
        "22.1%. The table beside the chart gives every period's figures."
    )
    assert chart.rows == [
        ("September 2026", ["24", "20", "22.4"]),
        ("October 2026", ["21.5", "20", "22.1"]),
    ]
    assert chart.headers[1] == "Value (%)"
    assert [marker.title for marker in chart.value_markers] == [
        "September 2026: 24%",
        "October 2026: 21.5%",
    ]
    assert chart.has_target is True
    assert chart.has_england is True
    assert chart.is_empty is False


def test_trend_chart_scales_to_a_round_top_and_plots_within_it():
    chart = trend_chart(
        key="k",
        title="t",
        unit="number",
        what="x",
        points=[_point("A", D("0")), _point("B", D("37")), _point("C", D("12"))],
    )
    assert [line.label for line in chart.y_lines] == ["0", "10", "20", "30", "40"]
    ys = [marker.y for marker in chart.value_markers]
    assert ys[0] == chart.bottom
    assert min(ys) >= chart.y_lines[-1].position


def test_trend_chart_breaks_lines_at_gaps_and_steps_the_target():
    chart = trend_chart(
        key="k",
        title="t",
        unit="days",
        what="x",
        points=[
            _point("A", D("10"), D("20"), D("5")),
            _point("B", None, D("20"), None),
            _point("C", D("12"), D("15"), D("6")),
        ],
    )
    assert chart.value_path.count("M") == 2  # two separate points, no line across the gap
    assert chart.england_path.count("M") == 2
    assert "H" in chart.target_path and "V" in chart.target_path
    assert chart.rows[1] == ("B", ["", "20", "Not known"])


def test_trend_chart_with_no_values_says_so():
    chart = trend_chart(key="k", title="t", unit="percentage", what="Caseloads", points=[])
    assert chart.is_empty is True
    assert chart.summary == "Line chart of Caseloads: no values recorded yet."
    assert chart.value_path == ""


def test_format_value_in_each_unit():
    assert format_value(D("21.50"), unit="percentage") == "21.5%"
    assert format_value(D("1234.00"), unit="number") == "1,234"
    assert format_value(D("1"), unit="days") == "1 day"
    assert format_value(D("45"), unit="days") == "45 days"
    assert format_value(D("345.2"), unit="rate_per_10000") == "345.2 per 10,000"
    assert format_value(None, unit="number") == ""
    assert format_number(D("0.00")) == "0"


def test_the_table_beside_the_chart_gives_every_comparator_recorded():
    points = [
        TrendPoint(
            label="October 2026",
            short_label="Oct 26",
            value=Decimal("21.5"),
            target=Decimal("20"),
            england=Decimal("22.4"),
            statistical_neighbours=Decimal("23.1"),
        ),
        TrendPoint(
            label="November 2026",
            short_label="Nov 26",
            value=Decimal("20.5"),
            target=Decimal("20"),
            england=None,
        ),
    ]
    chart = trend_chart(
        key="m1", title="Re-referrals", what="re-referrals", unit="percentage", points=points
    )
    assert chart.headers == [
        "Period",
        "Value (%)",
        "Target (%)",
        "England average (%)",
        "Statistical neighbours (%)",
    ]
    assert chart.rows[0] == ("October 2026", ["21.5", "20", "22.4", "23.1"])
    assert chart.rows[1] == ("November 2026", ["20.5", "20", "Not known", "Not known"])
