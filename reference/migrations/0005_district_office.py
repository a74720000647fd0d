"""The district's address held its office's name ("海淀区人事局调配科"), which pages then showed where
an address belongs (issue 13, point 9). The office moves to `office`; `address` keeps only a
window's street address. The seed gives one window address, Chaoyang's (篇1–篇5 办理地址: "朝阳区曙光
西里1号，北三环东路中旅大厦对面第三置业大厦朝阳区人才服务中心三层"); no other district's is known, so
theirs stays empty (pages then say to telephone the office) until an admin enters it."""

from django.db import migrations, models

CHAOYANG_WINDOW = ("朝阳区曙光西里1号第三置业大厦三层 朝阳区人才服务中心"
                   "《北京市工作居住证》办理窗口（北三环东路中旅大厦对面）")

OFFICES = {
    "dongcheng": "东城区人事局调配科（原崇文区：原崇文区人事局调配科）",
    "xicheng": "西城区人事局调配科（原宣武区：原宣武区人事局调配科）",
    "chaoyang": "朝阳区人事局调配科",
    "haidian": "海淀区人事局调配科",
    "fengtai": "丰台区人事局调配科",
    "shijingshan": "石景山区人事局调配科",
    "mentougou": "门头沟区人事局调配科",
    "fangshan": "房山区人事局调配科",
    "tongzhou": "通州区人事局调配科",
    "shunyi": "顺义区人事局调配科",
    "changping": "昌平区人事局调配科",
    "daxing": "大兴区人事局调配科",
    "huairou": "怀柔区人事局调配科",
    "pinggu": "平谷区人事局调配科",
    "miyun": "密云区人事局调配科（原密云县）",
    "yanqing": "延庆区人事局调配科",
    "etdz": "北京经济技术开发区",
}


def split(apps, schema_editor):
    District = apps.get_model("reference", "District")
    for district in District.objects.filter(code__in=OFFICES):
        seeded = district.address.startswith(OFFICES[district.code].split("（")[0][:4])
        if not seeded and district.address:
            continue  # an admin entered an address: keep it
        district.office = OFFICES[district.code]
        district.address = CHAOYANG_WINDOW if district.code == "chaoyang" else ""
        district.save(update_fields=["office", "address"])


seed = split  # conftest's _reference_data puts the data back after a flush with each `seed`


def join(apps, schema_editor):
    District = apps.get_model("reference", "District")
    for district in District.objects.exclude(office=""):
        if district.code == "chaoyang":
            district.address = f"{district.office}；办理窗口：{district.address}"
        elif not district.address:
            district.address = district.office
        district.save(update_fields=["address"])


class Migration(migrations.Migration):
    dependencies = [("reference", "0004_quota")]
    operations = [
        migrations.AddField(
            model_name="district",
            name="office",
            field=models.CharField(blank=True, help_text="咨询部门 / the office to ask", max_length=100),
        ),
        migrations.RunPython(split, join),
    ]
