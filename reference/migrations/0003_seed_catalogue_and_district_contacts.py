"""Default shortage catalogue (急需专业或岗位目录, R-P10) and each district's office from the seed's
phone directory (篇1/篇3 "联系电话如下").

The seed's directory was reflowed badly: each 7-digit number lost its last digit to the start of
the next line ("…崇文区人事局调配科 6710073" / "2门头沟…"). Beijing numbers have 8 digits, so the
digits are put back: 海淀 转215, 朝阳 65094893, 昌平 89741671, 崇文 67100732. Former districts are
merged into today's: 宣武 into 西城, 崇文 into 东城; 密云县 and 延庆 are now 区. The Chaoyang
window (篇1–篇5 办理地址) adds its address and consultation numbers.
"""

from django.db import migrations

CATALOGUE = [
    ("SC-001", "人工智能", "Artificial intelligence", "新一代信息技术"),
    ("SC-002", "集成电路", "Integrated circuits", "新一代信息技术"),
    ("SC-003", "软件和信息服务", "Software and information services", "新一代信息技术"),
    ("SC-004", "数字经济", "Digital economy", "新一代信息技术"),
    ("SC-005", "生物医药", "Biomedicine", "医药健康"),
    ("SC-006", "医疗卫生", "Medicine and public health", "医药健康"),
    ("SC-007", "新能源", "New energy", "绿色低碳"),
    ("SC-008", "节能环保", "Energy saving and environmental protection", "绿色低碳"),
    ("SC-009", "新材料", "Advanced materials", "先进制造"),
    ("SC-010", "高端装备制造", "High-end equipment manufacturing", "先进制造"),
    ("SC-011", "航空航天", "Aerospace", "先进制造"),
    ("SC-012", "智能网联汽车", "Intelligent connected vehicles", "先进制造"),
    ("SC-013", "金融科技", "Financial technology", "现代服务业"),
    ("SC-014", "法律服务", "Legal services", "现代服务业"),
    ("SC-015", "国际商务", "International business", "现代服务业"),
    ("SC-016", "科技服务", "Science and technology services", "现代服务业"),
    ("SC-017", "城市规划建设", "Urban planning and construction", "城市建设与管理"),
    ("SC-018", "教育", "Education", "社会事业"),
    ("SC-019", "文化创意", "Cultural and creative industries", "文化"),
    ("SC-020", "现代农业", "Modern agriculture", "农业"),
]

CHAOYANG_WINDOW = ("朝阳区曙光西里1号第三置业大厦三层 朝阳区人才服务中心"
                   "《北京市工作居住证》办理窗口（北三环东路中旅大厦对面）")

CONTACTS = {
    "dongcheng": ("64033283；67100732（原崇文区）", "东城区人事局调配科；原崇文区人事局调配科"),
    "xicheng": ("88064031；73976086（原宣武区）", "西城区人事局调配科；原宣武区人事局调配科"),
    "chaoyang": ("65094893；窗口 84409410、84409413、84409414",
                 "朝阳区人事局调配科；办理窗口：" + CHAOYANG_WINDOW),
    "haidian": ("62615183、62624511、62624515转215", "海淀区人事局调配科"),
    "fengtai": ("83656325", "丰台区人事局调配科"),
    "shijingshan": ("88699267", "石景山区人事局调配科"),
    "mentougou": ("69843045", "门头沟区人事局调配科"),
    "fangshan": ("89350336", "房山区人事局调配科"),
    "tongzhou": ("69548539", "通州区人事局调配科"),
    "shunyi": ("69441985", "顺义区人事局调配科"),
    "changping": ("89741671", "昌平区人事局调配科"),
    "daxing": ("61298595", "大兴区人事局调配科"),
    "huairou": ("69681081", "怀柔区人事局调配科"),
    "pinggu": ("69970600", "平谷区人事局调配科"),
    "miyun": ("69022110", "密云区人事局调配科（原密云县）"),
    "yanqing": ("69144296", "延庆区人事局调配科"),
    "etdz": ("67881310", "北京经济技术开发区"),
}


def seed(apps, schema_editor):
    Entry = apps.get_model("reference", "ShortageCatalogueEntry")
    for code, name, name_en, category in CATALOGUE:
        Entry.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en,
                                                            "category": category, "active": True})
    District = apps.get_model("reference", "District")
    for code, (phone, address) in CONTACTS.items():
        District.objects.filter(code=code).update(phone=phone, address=address)


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_seed_districts")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
