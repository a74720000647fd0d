from django.db import migrations

DISTRICTS = [
    ("dongcheng", "东城区", "Dongcheng"), ("xicheng", "西城区", "Xicheng"), ("chaoyang", "朝阳区", "Chaoyang"),
    ("haidian", "海淀区", "Haidian"), ("fengtai", "丰台区", "Fengtai"), ("shijingshan", "石景山区", "Shijingshan"),
    ("mentougou", "门头沟区", "Mentougou"), ("fangshan", "房山区", "Fangshan"), ("tongzhou", "通州区", "Tongzhou"),
    ("shunyi", "顺义区", "Shunyi"), ("changping", "昌平区", "Changping"), ("daxing", "大兴区", "Daxing"),
    ("huairou", "怀柔区", "Huairou"), ("pinggu", "平谷区", "Pinggu"), ("miyun", "密云区", "Miyun"),
    ("yanqing", "延庆区", "Yanqing"), ("etdz", "北京经济技术开发区", "Beijing Economic-Technological Development Area"),
]


def seed(apps, schema_editor):
    District = apps.get_model("reference", "District")
    for order, (code, name, name_en) in enumerate(DISTRICTS):
        District.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
