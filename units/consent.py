"""The personal-data notice a unit's operator agrees to at registration (PIPL arts. 14 and 17): who
processes what, why, how long it is kept, who sees it, and how to exercise one's rights.

The text is data, in plain Chinese (marked for the catalogue with `gettext_noop`, translated when
the registration page is read in English: locale/en). A unit keeps the version it agreed to, when,
and how (`Unit.consent_version`, `consent_given_at`, `consent_via`): the web form's tick, or an API
client's registration, which is its consent (the API's contract takes no consent field; the client
that calls `POST /api/v1/units/register` shows its users this notice). `VERSION` names this text:
a changed word is a new version (units/tests/test_consent.py holds the text's digest to it).

How long (security.md decides none but the audit log's 180 days): registration data while the unit is
registered, a case's data and a permit's while the permit lives, then as long as the archives rules
ask, and the audit log at least 180 days (Cybersecurity Law art. 21)."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as _

VERSION = "2026-1"

TITLE = _("个人信息处理告知书")

# (heading, paragraph): what the operator reads before ticking the box, in this order.
NOTICE: tuple[tuple[str, str], ...] = (
    (
        _("谁处理"),
        _("北京市人力资源和社会保障局和单位注册所在区的人力资源和社会保障局（以下简称人社部门），"
          "通过本系统办理北京市工作居住证业务。"),
    ),
    (
        _("收集哪些信息"),
        _("注册时：经办人的姓名、身份证号码、手机号码，以及自愿填写的电子邮箱。"
          "办理业务时：申请人（持证人）的姓名、身份证号码、户籍、学历学位、职称、工作经历、劳动合同、"
          "在京住所、个人所得税和社会保险缴纳记录、照片；随往配偶和子女的姓名、身份证号码、"
          "婚姻和出生等证明。其中身份证号码和不满十四周岁子女的信息属于敏感个人信息。"),
    ),
    (
        _("为什么收集"),
        _("只用于核验单位的注册资格，审核办理工作居住证的新办、续签、变更、补办和注销，"
          "年检、随机抽查和诚信管理，以及向单位发送到期、年检等提醒。不用于其他目的。"),
    ),
    (
        _("谁能看到"),
        _("本单位的经办人；单位注册所在区人社部门的审核人员；市人社部门的审批人员；"
          "系统审计人员只查看操作记录。列表和导出文件中的身份证号码只显示前6位和后4位，"
          "每次查看完整信息都会留下记录。公开的真伪验证只显示持证人的部分姓名、单位名称和有效期。"
          "除法律、行政法规规定的情形外，不向其他单位或个人提供。"),
    ),
    (
        _("保存多久"),
        _("单位注册信息在单位注册期间保存；办件和证件信息在工作居住证有效期间保存，"
          "证件注销或失效后按档案管理规定的期限保存，期满删除或匿名化。"
          "系统操作记录至少保存6个月（《网络安全法》第二十一条）。"),
    ),
    (
        _("怎么保护"),
        _("身份证号码和手机号码加密保存；只有上面列出的人员按职责查看；传输全程加密。"),
    ),
    (
        _("您的权利"),
        _("您可以查阅、复制、更正本人的信息，也可以撤回同意：请到注册所在区的办理窗口办理。"
          "撤回同意后不能继续通过本系统办理业务，撤回前已经办理的事项不受影响。"),
    ),
    (
        _("单位的责任"),
        _("单位录入申请人和随往家属的信息前，应当把本告知书的内容告诉他们本人并取得同意；"
          "不满十四周岁子女的信息，应当取得其父母的同意。"),
    ),
)

CONSENT_LABEL = _(
    "我已阅读并同意《个人信息处理告知书》，并承诺录入申请人和随往家属的信息前已告知其本人并取得同意"
)


class ConsentVia(models.TextChoices):
    """How the consent was given."""

    WEB_FORM = "web_form", gettext_lazy("网上注册时勾选同意")
    API_CLIENT = "api_client", gettext_lazy("通过接口注册（由接口客户端取得同意）")


def digest() -> str:
    """The SHA-256 of the Chinese text: the version's fingerprint."""
    text = "\n".join([TITLE, *(f"{heading}\n{body}" for heading, body in NOTICE), CONSENT_LABEL])
    return hashlib.sha256(text.encode()).hexdigest()
