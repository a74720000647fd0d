"""The error summary's items (web.errors, issue 13 point 1): every error, each linked to its field
and naming it; the include draws them as links under a title."""

from django.template.loader import render_to_string
from django.utils import translation

from web.errors import form_summary, summary
from web.forms import VerifyForm


def test_general_errors_first_then_each_field_linked_and_named():
    items = summary(
        [{"message": "该证件已冻结。", "rule": "R-I02"}],
        [("f-person-name", "姓名", [{"message": "请填写姓名。"}]),
         ("f-person-phone", "联系电话：", [{"message": "格式不正确。"}])],
    )
    assert [(i["href"], i.get("label"), i["message"]) for i in items] == [
        ("", None, "该证件已冻结。"),
        ("#f-person-name", "", "请填写姓名。"),        # the message names its field already
        ("#f-person-phone", "联系电话", "格式不正确。"),  # it does not: the label heads it
    ]
    assert items[0]["rule"] == "R-I02"


def test_a_django_form_lists_each_invalid_field_with_its_label():
    with translation.override("zh-hans"):
        form = VerifyForm({"permit_no": "", "name": "x" * 61})
        assert not form.is_valid()
        items = form_summary(form)
    assert [i["href"] for i in items] == ["#id_permit_no", "#id_name"]
    assert all("字段" not in i["message"] for i in items)
    assert form_summary(VerifyForm()) == []  # an unbound form has nothing to say


def test_the_include_draws_a_focusable_titled_box_of_links():
    one = summary([], [("f-a", "姓名", [{"message": "必须填写。"}])])
    with translation.override("zh-hans"):
        html = render_to_string("web/_error_summary.html", {"summary": one})
    assert 'data-error-summary' in html and 'tabindex="-1"' in html and 'role="alert"' in html
    assert "请修改以下问题后再提交" in html and '<a href="#f-a">姓名：必须填写。</a>' in html
    assert render_to_string("web/_error_summary.html", {"summary": []}).strip() == ""
    with translation.override("en"):
        html = render_to_string("web/_error_summary.html", {"summary": summary([{"message": "x"}])})
    assert "There is a problem" in html
