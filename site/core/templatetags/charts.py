"""``{% bar_chart chart %}``: a `core.charts.BarChart` as a figure with its data table."""

from django import template

register = template.Library()


@register.inclusion_tag("components/bar_chart.html")
def bar_chart(chart):
    return {"chart": chart}
