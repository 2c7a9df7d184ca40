"""Demo data: the districts, offices and demo users, and up to millions of market entities.

`hongdun demo` and the benchmarks call `populate`. Calling Faker for every row would take
hours at 3 million entities, so pools (surnames, given names, trade-name characters, roads
per district, business-scope phrases per industry) are built once and combined at random
(PLATFORM.md: ~150k rows/s). The rows are written in bulk: COPY on PostgreSQL, executemany
on SQLite, a transaction per batch, with the secondary indexes and constraints dropped during
the load and built once at the end, which is several times faster than maintaining them row
by row. The same seed gives the same register (ids included): chunk k draws from
Random(f"{seed}:{k}") whatever else happens.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from pypinyin import lazy_pinyin
from sqlalchemy.orm import Session

from client.db.engine import make_engine
from client.db.seed import seed_reference
from client.kernel import codes, pinyin, reference
from client.kernel import name_index as register_index
from client.kernel.models import Counter, MarketEntity
from client.kernel.users import add_demo_accounts
from client.registration.names import split_name

Progress = Callable[[int, int], None]

#: the last day a demo entity can have been established (fixed, so a seed means one register)
END = dt.date(2026, 10, 31)
FIRST_ORG_NUMBER = 10_000_000  # the registration handler's org_code counter starts here
CHUNK = 50_000

# Share of the register per district (Baiyun, Tianhe and Panyu have the most businesses).
DISTRICT_WEIGHTS = {
    "440103": 6, "440104": 8, "440105": 10, "440106": 14, "440111": 16, "440112": 8,
    "440113": 13, "440114": 8, "440115": 6, "440117": 4, "440118": 7,
}

# Kind mix: ~55% individual businesses, ~40% companies, the rest other enterprises.
KIND_WEIGHTS = {
    "9600": 55.0,
    "1130": 17.0, "1151": 12.0, "1153": 3.0, "1190": 2.0, "1220": 0.6, "1222": 0.9,
    "5100": 1.0, "5150": 0.8, "2100": 2.7,
    "4100": 2.0, "4531": 0.8, "4533": 1.0, "5300": 0.4, "9100": 0.8,
}

STATE_WEIGHTS = {"active": 85.0, "revoked": 5.0, "deregistered": 9.0, "moved_out": 1.0}
ABNORMAL_SHARE = 0.047  # of active entities: ~4% of the register

# Divisions (GB/T 4754) weighted for individual businesses and for enterprises.
INDIVIDUAL_INDUSTRIES = {"52": 40, "62": 25, "80": 12, "81": 7, "51": 5, "18": 2, "59": 2, "89": 2,
                         "83": 1, "82": 2, "01": 1, "03": 1}
COMPANY_INDUSTRIES = {"51": 22, "65": 12, "72": 14, "64": 7, "50": 6, "54": 5, "75": 5, "70": 4,
                      "62": 4, "83": 3, "52": 4, "74": 2, "18": 2, "39": 2, "33": 1, "34": 1,
                      "14": 1, "26": 1, "27": 1, "47": 1, "48": 1, "87": 1, "88": 1, "89": 1}

# Shop forms of individual businesses by division; "" takes the generic ones.
INDIVIDUAL_FORMS = {
    "52": ("便利店", "商店", "商行", "超市", "经营部", "店"), "62": ("餐馆", "饭店", "小吃店", "茶餐厅", "酒家"),
    "80": ("美容院", "理发店", "工作室"), "81": ("修理厂", "维修部"), "": ("经营部", "服务部", "店", "商行"),
}

SCOPES = {
    "01": ["谷物种植", "蔬菜种植", "花卉种植", "水果种植", "农产品的生产、销售、加工、运输、贮藏及其他相关服务"],
    "03": ["牲畜饲养", "家禽饲养", "水产养殖", "饲料销售"],
    "14": ["食品生产", "食品销售", "烘焙食品制造（现制现卖）", "食用农产品初加工"],
    "18": ["服装制造", "服装服饰批发", "服装服饰零售", "针纺织品销售", "鞋帽批发"],
    "26": ["化工产品销售（不含许可类化工产品）", "日用化学产品制造", "专用化学产品销售（不含危险化学品）"],
    "27": ["药品生产", "药品批发", "第二类医疗器械销售", "化学药品制剂制造"],
    "33": ["五金产品制造", "五金产品批发", "金属制品销售", "金属结构制造"],
    "34": ["通用设备制造（不含特种设备制造）", "机械设备销售", "机械零件、零部件加工"],
    "39": ["电子元器件制造", "电子产品销售", "通讯设备销售", "计算机软硬件及外围设备制造"],
    "47": ["建设工程施工", "房屋建筑和市政基础设施项目工程总承包", "建筑材料销售"],
    "48": ["市政设施管理", "园林绿化工程施工", "土石方工程施工"],
    "50": ["住宅室内装饰装修", "建筑装饰材料销售", "家具安装和维修服务", "工程管理服务"],
    "51": ["货物进出口", "技术进出口", "日用百货销售", "五金产品批发", "电子产品销售", "服装服饰批发",
           "化妆品批发", "食品销售（仅销售预包装食品）", "家用电器销售", "供应链管理服务"],
    "52": ["日用百货销售", "食品销售（仅销售预包装食品）", "烟草制品零售", "酒类经营", "保健食品（预包装）销售",
           "日用杂品销售", "母婴用品销售", "新鲜水果零售", "办公用品销售"],
    "54": ["普通货物仓储服务（不含危险化学品等需许可审批的项目）", "道路货物运输（不含危险货物）", "国内货物运输代理",
           "装卸搬运"],
    "59": ["普通货物仓储服务（不含危险化学品等需许可审批的项目）", "装卸搬运", "搬家服务"],
    "62": ["餐饮服务", "小餐饮", "食品销售（仅销售预包装食品）", "餐饮管理", "外卖递送服务"],
    "64": ["互联网销售（除销售需要许可的商品）", "信息系统集成服务", "网络技术服务", "互联网数据服务"],
    "65": ["软件开发", "信息技术咨询服务", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
           "计算机系统服务", "数据处理服务", "人工智能应用软件开发"],
    "70": ["房地产经纪", "物业管理", "住房租赁", "非居住房地产租赁", "房地产咨询"],
    "72": ["企业管理咨询", "信息咨询服务（不含许可类信息咨询服务）", "广告设计、代理", "会议及展览服务",
           "市场营销策划", "以自有资金从事投资活动", "人力资源服务（不含职业中介活动、劳务派遣服务）", "组织文化艺术交流活动"],
    "74": ["工程技术服务（规划管理、勘察、设计、监理除外）", "检验检测服务", "专业设计服务", "平面设计"],
    "75": ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "新材料技术研发", "生物化工产品技术研发",
           "环保咨询服务"],
    "80": ["美容服务", "理发服务", "洗染服务", "家政服务", "摄影扩印服务", "养生保健服务（非医疗）"],
    "81": ["机动车修理和维护", "家用电器修理", "日用电器修理", "计算机及办公设备维修", "自行车修理"],
    "82": ["专业保洁、清洗、消毒服务", "宠物服务（不含动物诊疗）", "城市绿化管理"],
    "83": ["教育咨询服务（不含涉许可审批的教育培训活动）", "业务培训（不含教育培训、职业技能培训等需取得许可的培训）",
           "文艺创作", "体育竞赛组织"],
    "87": ["电影摄制服务", "广播电视节目制作经营", "数字内容制作服务（不含出版发行）"],
    "88": ["组织文化艺术交流活动", "文艺创作", "艺(美)术品、收藏品鉴定评估服务"],
    "89": ["健身休闲活动", "体育用品及器材零售", "体育场地设施经营（不含高危险性体育运动）"],
}

#: characters that go into trade names (字号), combined in pairs
TRADE_CHARS = (
    "华盛信达恒鑫泰宏金源利祥瑞丰隆昌兴旺福康安顺嘉和美嘉豪锦德新宝通广盈汇聚诚创智博远航腾飞"
    "天润佳星辉明晟宸鸿运启正升鼎晖君悦聚力合众万家百联永乐富贵长荣宇骏峰凯俊杰佳禾品尚雅致卓越"
    "同心东方南方北辰西岭中联海川云山青松翠柏蓝天碧水彩虹春秋夏冬朝阳晨光金桥银河宝石珠江羊城"
    "粤秀越穗岭南番禺白云天河花城增益从容黄埔珍珠麒麟凤凰龙虎狮象骐骥鹏程万里大有小雅至尊精英优品"
)

# Real roads of each district (the offices' place names add more: 石牌东路, 沙面大街 …).
ROADS = {
    "440103": ["中山七路", "中山八路", "康王中路", "龙津西路", "芳村大道", "花地大道", "荔湾路", "黄沙大道", "多宝路"],
    "440104": ["北京路", "中山五路", "东风中路", "环市东路", "解放北路", "越秀北路", "建设六马路", "农林下路", "德政中路"],
    "440105": ["江南大道", "新港西路", "昌岗中路", "宝岗大道", "工业大道", "赤岗北路", "琶洲大道", "南洲路", "滨江东路"],
    "440106": ["天河路", "体育西路", "天河北路", "黄埔大道西", "中山大道西", "林和西路", "珠江东路", "华夏路", "五山路", "岑村路"],
    "440111": ["白云大道北", "机场路", "广园中路", "同和路", "石井大道", "太和镇大源路", "云城东路", "黄石西路", "京溪路"],
    "440112": ["黄埔东路", "开发大道", "科学大道", "香雪三路", "大沙地东", "丰乐北路", "开创大道"],
    "440113": ["市桥街清河东路", "迎宾路", "汉溪大道", "南村镇兴业大道", "钟村街市广路", "大石街105国道", "番禺大道北"],
    "440114": ["新华街迎宾大道", "秀全大道", "花城路", "狮岭镇金狮大道", "雅瑶中路", "凤凰北路"],
    "440115": ["进港大道", "黄阁大道", "金隆路", "南沙街海滨路", "蕉门路", "环市大道南"],
    "440117": ["街口街河滨北路", "江埔街从化大道", "太平镇广从南路", "温泉镇温泉东路", "城郊街中田路"],
    "440118": ["荔城街府佑路", "新塘镇港口大道", "增江街增江大道", "永宁街香山大道", "中新镇新城路"],
}
ROAD_SUFFIXES = ("路", "大街", "东路", "西路", "南路", "北路", "大道")

REVOKE_REASONS = ("未依法办理年度报告，被吊销营业执照", "成立后无正当理由超过六个月未开业，被吊销营业执照",
                  "自行停业连续六个月以上，被吊销营业执照")
DEREGISTER_REASONS = ("股东会决议解散", "经营期限届满", "经营者申请注销", "决议解散，已完成清算", "简易注销")


@dataclass
class _Pools:
    """What the generator draws from; built once per process."""

    districts: list[str]
    district_cum: list[float]
    offices: dict[str, list[str]]
    office_cum: dict[str, list[float]]
    district_short: dict[str, str]
    address_prefix: dict[str, str]
    roads: dict[str, list[str]]
    kinds: list[str]
    kind_cum: list[float]
    kind_category: dict[str, str]
    kind_capital: dict[str, bool]
    states: list[str]
    state_cum: list[float]
    ind_individual: list[str]
    ind_individual_cum: list[float]
    ind_company: list[str]
    ind_company_cum: list[float]
    industry_words: dict[str, tuple[str, ...]]
    scopes: dict[str, list[str]]
    surnames: list[str]
    surname_cum: list[float]
    given_male: list[str]
    given_female: list[str]
    prefixes: list[str]


def _cum(weights: dict[str, float]) -> tuple[list[str], list[float]]:
    """Keys and cumulative weights normalised to 1, for bisect(cum, random())."""
    keys = list(weights)
    total = float(sum(weights.values()))
    cum, running = [], 0.0
    for k in keys:
        running += weights[k]
        cum.append(running / total)
    cum[-1] = 1.0
    return keys, cum


def build_pools(seed: int) -> _Pools:
    from faker.providers.company.zh_CN import Provider as CompanyProvider
    from faker.providers.person.zh_CN import Provider as PersonProvider

    rng = random.Random(f"{seed}:pools")
    districts, district_cum = _cum(DISTRICT_WEIGHTS)
    offices: dict[str, list[str]] = {}
    office_cum: dict[str, list[float]] = {}
    roads: dict[str, list[str]] = {}
    for code in districts:
        own = reference.offices_of(code)
        # offices differ in size: a downtown office registers three times what a rural one does
        offices[code], office_cum[code] = _cum({o.code: rng.uniform(0.5, 1.5) for o in own})
        roads[code] = list(ROADS.get(code, ())) + [
            o.place + rng.choice(ROAD_SUFFIXES) for o in own for _ in range(2)
        ]
    kinds, kind_cum = _cum(KIND_WEIGHTS)
    states, state_cum = _cum(STATE_WEIGHTS)
    ind_i, ind_i_cum = _cum(INDIVIDUAL_INDUSTRIES)
    ind_c, ind_c_cum = _cum(COMPANY_INDUSTRIES)
    surnames, surname_cum = _cum(dict(PersonProvider.last_names))
    # Faker's given names are mostly one character; pairs of them make the two-character ones
    def given(names: tuple[str, ...] | list[str]) -> list[str]:
        single = [n for n in names if len(n) == 1]
        return list(names) + [rng.choice(single) + rng.choice(single) for _ in range(3000)]
    # business scopes: a few hundred combinations per industry, drawn whole
    scopes = {}
    for code, phrases in SCOPES.items():
        scopes[code] = ["；".join(rng.sample(phrases, min(len(phrases), rng.randrange(2, 5))))
                        for _ in range(200)]
    prefixes = [p for p in CompanyProvider.company_prefixes if 2 <= len(p) <= 4 and "公司" not in p]
    return _Pools(
        districts=districts, district_cum=district_cum, offices=offices, office_cum=office_cum,
        district_short={d.code: d.short_name for d in reference.districts()},
        address_prefix={d.code: "广州市" + d.name for d in reference.districts()},
        roads=roads, kinds=kinds, kind_cum=kind_cum,
        kind_category={k.code: k.uscc_category for k in reference.entity_kinds()},
        kind_capital={k.code: k.capital_required for k in reference.entity_kinds()},
        states=states, state_cum=state_cum,
        ind_individual=ind_i, ind_individual_cum=ind_i_cum, ind_company=ind_c, ind_company_cum=ind_c_cum,
        industry_words={i.code: i.name_words for i in reference.industries() if i.name_words},
        scopes=scopes,
        surnames=surnames, surname_cum=surname_cum,
        given_male=given(PersonProvider.first_names_male),
        given_female=given(PersonProvider.first_names_female),
        prefixes=prefixes,
    )


ENTITY_COLUMNS = (
    "id", "row_no", "uscc", "name", "name_key", "name_initials", "kind_code", "state", "abnormal",
    "legal_rep", "legal_rep_id_no", "address", "district_code", "office_code", "capital_wan",
    "business_scope", "industry_code", "composition_form", "established_on", "term_end", "phone",
    "state_reason", "state_changed_on", "created_at", "updated_at", "version", "trade_key",
)
EVENT_COLUMNS = ("id", "entity_id", "occurred_at", "kind", "summary")


def make_chunk(pools: _Pools, seed: int, chunk_no: int, first_row: int, count: int):
    """Rows `first_row .. first_row+count-1`: (entity tuples, event tuples), plain Python values.

    Hot loop: ~3M iterations, so lookups are bound to locals and weighted draws are a bisect.
    """
    rng = random.Random(f"{seed}:{chunk_no}")
    rand, getrandbits = rng.random, rng.getrandbits
    # int(rand() * n) rather than randrange(n): a third of the cost, same determinism
    p = pools
    entities, events = [], []
    end_ord = END.toordinal()
    min_ord = dt.date(1980, 1, 1).toordinal()
    trade_chars = TRADE_CHARS
    n_trade = len(trade_chars)
    n_prefixes = len(p.prefixes)
    keys = pinyin.keys
    entity_code = codes.entity_code_from_number
    uscc_check = codes.uscc_check_char
    id_check = codes.resident_id_check_char
    fromordinal = dt.date.fromordinal
    expovariate, gauss = rng.expovariate, rng.gauss
    log100 = math.log(100)
    for row_no in range(first_row, first_row + count):
        district = p.districts[bisect(p.district_cum, rand())]
        office = p.offices[district][bisect(p.office_cum[district], rand())]
        kind = p.kinds[bisect(p.kind_cum, rand())]
        individual = kind == "9600"
        if individual:
            industry = p.ind_individual[bisect(p.ind_individual_cum, rand())]
        else:
            industry = p.ind_company[bisect(p.ind_company_cum, rand())]
        male = rand() < 0.62
        surname = p.surnames[bisect(p.surname_cum, rand())]
        given = p.given_male if male else p.given_female
        legal_rep = surname + given[int(rand() * len(given))]

        # established: most entities are young (the register grew fast after 2014)
        est_ord = end_ord - int(expovariate(1 / (5.5 * 365 if individual else 8 * 365)))
        if est_ord < min_ord:
            est_ord = min_ord + int(rand() * 20 * 365)
        established = fromordinal(est_ord)

        if rand() < 0.1 and n_prefixes:
            trade = p.prefixes[int(rand() * n_prefixes)]
        else:
            trade = trade_chars[int(rand() * n_trade)] + trade_chars[int(rand() * n_trade)]
        words = p.industry_words.get(industry, ("商贸",))
        name = _entity_name(rng, p, kind, district, trade, words[int(rand() * len(words))], industry, surname)

        state = p.states[bisect(p.state_cum, rand())]
        abnormal = state == "active" and rand() < ABNORMAL_SHARE
        state_reason = state_changed = None
        if state != "active":
            state_changed = fromordinal(est_ord + int(rand() * (end_ord + 1 - est_ord)))
            state_reason = (rng.choice(REVOKE_REASONS) if state == "revoked" else
                            rng.choice(DEREGISTER_REASONS) if state == "deregistered" else "迁出广州市")

        # the credit code of the registering district, organisation codes in row order
        body = "9" + p.kind_category[kind] + district + entity_code(FIRST_ORG_NUMBER + row_no - 1)
        uscc = body + uscc_check(body)
        # the legal representative: born in a Guangzhou district, 18-70 at establishment
        oldest = max(1950, established.year - 70)
        year = oldest + int(rand() * (max(oldest, min(2003, established.year - 18)) + 1 - oldest))
        # day 1-28 is a real date in every month; odd sequence for a man
        id_body = f"{district}{year:04d}{1 + int(rand() * 12):02d}{1 + int(rand() * 28):02d}" \
                  f"{int(rand() * 500) * 2 + male:03d}"
        id_no = id_body + id_check(id_body)

        road = p.roads[district]
        address = f"{p.address_prefix[district]}{road[int(rand() * len(road))]}{1 + int(rand() * 399)}号"
        if rand() < 0.5:
            address += (f"{1 + int(rand() * 29)}01房" if individual else
                        f"{1 + int(rand() * 39)}楼{1 + int(rand() * 19):02d}室")

        capital = None
        if p.kind_capital[kind] or kind in ("4531", "4533", "4100", "9100"):
            # 10-5000 万元, log-normal around 100 万元, rounded as people register it
            capital = min(5000.0, max(10.0, math.exp(gauss(log100, 1.1))))
            capital = float(round(capital / 10) * 10) if capital >= 100 else float(round(capital))
        scope_pool = p.scopes.get(industry) or p.scopes["72"]
        scope = scope_pool[int(rand() * len(scope_pool))]
        if not individual:
            scope = "一般项目：" + scope + ("；信息咨询服务（不含许可类信息咨询服务）" if rand() < 0.5 else "")
        created = dt.datetime(established.year, established.month, established.day, 1,
                              int(rand() * 60), int(rand() * 60))
        name_key, initials = keys(name)
        entity_id = _det_uuid(getrandbits(128))
        entities.append((
            entity_id, row_no, uscc, name, name_key, initials, kind, state, abnormal, legal_rep, id_no,
            address, district, office, capital, scope, industry,
            ("个人经营" if rand() < 0.9 else "家庭经营") if individual else None,
            established, None, f"1{'3578'[int(rand() * 4)]}{int(rand() * 10**9):09d}",
            state_reason, state_changed, created, created, 1, _trade_key(name),
        ))
        events.append((_det_uuid(getrandbits(128)), entity_id, created, "established",
                       f"设立登记核准，统一社会信用代码{uscc}"))
        if state == "revoked" or state == "deregistered":
            when = dt.datetime(state_changed.year, state_changed.month, state_changed.day, 2, 0, 0)
            events.append((_det_uuid(getrandbits(128)), entity_id, when, state,
                           ("吊销营业执照：" if state == "revoked" else "注销登记核准：") + state_reason))
    return entities, events


_TRADE_PINYIN: dict[str, str] = {}


def _trade_key(name: str) -> str | None:
    """What the registration handler stores for the name check's homophone search
    (client.registration.names.trade_name_pinyin), with lazy_pinyin cached per trade name: the
    pools make a few tens of thousands of them, and lazy_pinyin costs ~25 µs a call."""
    trade = split_name(name).trade_name
    key = _TRADE_PINYIN.get(trade)
    if key is None:
        key = _TRADE_PINYIN[trade] = "".join(lazy_pinyin(trade)).lower()
    return key[:100] or None


def _det_uuid(bits: int) -> str:
    # a version-4 UUID from the seeded generator, so the same seed gives the same ids
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def _entity_name(rng: random.Random, p: _Pools, kind: str, district: str, trade: str, word: str,
                 industry: str, surname: str) -> str:
    city = "广州市" if rng.random() < 0.35 else "广州"
    if kind == "9600":
        forms = INDIVIDUAL_FORMS.get(industry, INDIVIDUAL_FORMS[""])
        form = rng.choice(forms)
        owner = surname + "记" if rng.random() < 0.2 else trade
        if rng.random() < 0.5 or word[:1] in form:  # not 便利便利店
            word = ""
        return f"广州市{p.district_short[district]}区{owner}{word}{form}"
    if kind in ("1220", "1222"):
        return f"{city}{trade}{word}股份有限公司"
    if kind in ("2100", "5300"):
        return f"{city}{trade}{word}有限公司{p.district_short[district]}分公司"
    if kind == "4100":
        return f"{city}{trade}{word}{rng.choice(('商行', '经营部', '工作室', '中心'))}"
    if kind == "4531":
        return f"{city}{trade}{word}合伙企业（普通合伙）"
    if kind == "4533":
        return f"{city}{trade}{word}合伙企业（有限合伙）"
    if kind == "9100":
        return f"广州市{p.district_short[district]}区{trade}{word}专业合作社"
    return f"{city}{trade}{word}{'有限责任公司' if rng.random() < 0.08 else '有限公司'}"


# --- the database side ------------------------------------------------------------------------


def populate(url_or_engine: str | sa.URL | sa.Engine, *, entities: int, seed: int = 2026,
             progress: Progress | None = None, workers: int | None = None) -> None:
    """Create the schema if needed, add the organisation and demo users, load `entities`.

    `progress(done, total)` is called after each batch of 50,000. `workers`: processes that
    generate rows while this one writes (default: 2 for large loads, none for small ones).
    """
    from client.db.migrate import upgrade

    if workers is None:
        workers = min(2, os.cpu_count() or 1) if entities >= 4 * CHUNK else 0
    # the generator processes start before this one opens any database connection (below)
    pool = _generator_pool(workers) if workers > 0 and entities > 0 else None
    engine = url_or_engine if isinstance(url_or_engine, sa.Engine) else make_engine(url_or_engine)
    try:
        upgrade(engine.url)
        with Session(engine) as session, session.begin():
            seed_reference(session)
            add_demo_accounts(session)
        if entities > 0:
            _load_entities(engine, entities, seed, progress, pool)
            _demo_work(engine)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if not isinstance(url_or_engine, sa.Engine):
            engine.dispose()


def _demo_work(engine: sa.Engine) -> None:
    """Each area's demo cases (an area's package may have `demo.add_demo_work(bus, sessions)`),
    made through the bus like real work."""
    import importlib

    from client.db.engine import make_session_factory
    from client.kernel.bus import CommandBus
    from client.kernel.registry import area_packages

    sessions = make_session_factory(engine)
    bus = CommandBus(sessions)
    for area in area_packages():
        try:
            module = importlib.import_module(f"{area.__name__}.demo")
        except ModuleNotFoundError as e:
            if e.name != f"{area.__name__}.demo":
                raise
            continue
        module.add_demo_work(bus, sessions)


def _generator_pool(workers: int):
    """Processes that generate rows while this one writes them: on two cores that halves the
    load time. Forked where the OS can (spawn would run the caller's main module again in
    each child, which a script without an `if __name__ == "__main__"` guard cannot take), and
    before any database connection exists, so the children hold none."""
    import concurrent.futures
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                  mp_context=multiprocessing.get_context(method))
    for f in [pool.submit(os.getpid) for _ in range(workers)]:  # start them now
        f.result()
    return pool


class RegisterNotEmpty(ValueError):
    """Demo data is made into an empty register only: it would mix with real or earlier data."""


def _load_entities(engine: sa.Engine, total: int, seed: int, progress: Progress | None,
                   pool) -> None:
    with engine.connect() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(MarketEntity)).scalar():
            raise RegisterNotEmpty("数据库中已有市场主体（规则：演示数据只写入空数据库），请换一个 --url，或先删除该数据库")
    dialect = engine.dialect.name
    loader = _SqliteLoader(engine) if dialect == "sqlite" else _PostgresLoader(engine)
    chunks = [(dialect, seed, n, first, min(CHUNK, total - first + 1))
              for n, first in enumerate(range(1, total + 1, CHUNK))]
    loader.before()
    done = 0
    for payload, count in _payloads(chunks, pool):
        loader.write(payload)
        done += count
        if progress:
            progress(done, total)
    loader.after()
    with engine.begin() as conn:
        _set_counter(conn, "entity_row_no", total)
        _set_counter(conn, "org_code", FIRST_ORG_NUMBER + total - 1)
    with engine.begin() as conn:
        register_index.rebuild_anchors(conn)
    loader.analyze()


def _payloads(chunks: list[tuple], pool):
    """(payload, rows) per chunk, in order; generated by `pool` (a few chunks ahead) or here."""
    if pool is None:
        for chunk in chunks:
            yield _chunk_payload(*chunk), chunk[-1]
        return
    ahead = 4  # two chunks per worker in flight
    pending = []
    queue = list(chunks)
    while queue or pending:
        while queue and len(pending) < ahead:
            chunk = queue.pop(0)
            pending.append((pool.submit(_chunk_payload, *chunk), chunk[-1]))
        future, count = pending.pop(0)
        yield future.result(), count


_POOLS: dict[int, _Pools] = {}


def _chunk_payload(dialect: str, seed: int, chunk_no: int, first_row: int, count: int):
    """A chunk ready to write: the rows in the form the loader of `dialect` sends."""
    pools = _POOLS.get(seed)
    if pools is None:
        pools = _POOLS[seed] = build_pools(seed)
        _check_pools(pools)
    rows, events = make_chunk(pools, seed, chunk_no, first_row, count)
    if dialect == "sqlite":
        return ([_sqlite_entity(r) for r in rows],
                [(e[0], e[1], _ts(e[2]), e[3], e[4]) for e in events],
                [(r[1], register_index.name_tokens(r[3])) for r in rows])
    return "".join(map(_entity_copy_line, rows)), "".join(map(_event_copy_line, events))


def _set_counter(conn: sa.Connection, name: str, value: int) -> None:
    c = Counter.__table__.c
    current = conn.execute(sa.select(c.value).where(c.name == name)).scalar()
    if current is None:
        conn.execute(Counter.__table__.insert().values(name=name, value=value))
    elif current < value:
        conn.execute(Counter.__table__.update().where(c.name == name).values(value=value))


class _SqliteLoader:
    """executemany per batch into a raw sqlite3 connection; indexes dropped meanwhile."""

    TABLES = ("market_entity", "entity_event")

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.raw = engine.raw_connection()
        self.db = self.raw.driver_connection
        self.indexes: list[tuple[str, str]] = []

    def before(self) -> None:
        db = self.db
        db.commit()
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-1000000")  # 1 GB: the unique indexes take random inserts
        marks = ",".join("?" * len(self.TABLES))
        self.indexes = db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", self.TABLES).fetchall()
        for name, _sql in self.indexes:
            db.execute(f'DROP INDEX "{name}"')
        db.commit()
        cols = ", ".join(ENTITY_COLUMNS)
        self.entity_sql = f"INSERT INTO market_entity ({cols}) VALUES ({', '.join('?' * len(ENTITY_COLUMNS))})"
        self.event_sql = f"INSERT INTO entity_event ({', '.join(EVENT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"

    def write(self, payload) -> None:
        rows, events, tokens = payload
        db = self.db
        db.execute("BEGIN")
        db.executemany(self.entity_sql, rows)
        db.executemany(self.event_sql, events)
        db.executemany("INSERT INTO entity_fts (rowid, grams) VALUES (?, ?)", tokens)
        db.execute("COMMIT")

    def after(self) -> None:
        db = self.db
        for _name, sql in self.indexes:
            db.execute(sql)
        db.commit()
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-65536")
        self.raw.close()

    def analyze(self) -> None:
        with self.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


def _ts(value: dt.datetime) -> str:
    return value.isoformat(sep=" ")


def _sqlite_entity(r: tuple) -> tuple:
    # the forms SQLAlchemy's SQLite types read back: ISO dates, 'YYYY-MM-DD HH:MM:SS' stamps
    r = list(r)
    r[8] = 1 if r[8] else 0
    r[18] = r[18].isoformat()
    if r[22] is not None:
        r[22] = r[22].isoformat()
    r[23] = r[24] = _ts(r[23])
    return r


class _PostgresLoader:
    """COPY per batch; primary/unique keys, foreign keys and indexes rebuilt after the load."""

    TABLES = ("market_entity", "entity_event")

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.raw = engine.raw_connection()
        self.pg = self.raw.driver_connection  # psycopg.Connection

    def before(self) -> None:
        pg = self.pg
        pg.commit()
        tables = list(self.TABLES)
        # foreign keys into or out of the loaded tables, then their own keys, then indexes
        self.fkeys = pg.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) OR confrelid::regclass::text = ANY(%s))",
            (tables, tables)).fetchall()
        self.keys = pg.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype IN ('p', 'u') AND conrelid::regclass::text = ANY(%s)", (tables,)).fetchall()
        key_names = {k[0] for k in self.keys}
        self.indexes = [(n, d) for n, d in pg.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s)", (tables,)).fetchall() if n not in key_names]
        for name, table, _ in self.fkeys + self.keys:
            pg.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in self.indexes:
            pg.execute(f'DROP INDEX "{name}"')
        pg.commit()

    def write(self, payload) -> None:
        rows, events = payload
        pg = self.pg
        with pg.cursor() as cur:
            with cur.copy(f"COPY market_entity ({', '.join(ENTITY_COLUMNS)}) FROM STDIN") as copy:
                copy.write(rows)
            with cur.copy(f"COPY entity_event ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
                copy.write(events)
        pg.commit()

    def after(self) -> None:
        pg = self.pg
        pg.execute("SET maintenance_work_mem = '1GB'")
        for name, table, definition in self.keys:
            pg.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        pg.commit()
        for _name, definition in self.indexes:
            pg.execute(definition)
            pg.commit()
        for name, table, definition in self.fkeys:
            pg.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        pg.commit()
        self.raw.close()

    def analyze(self) -> None:
        # VACUUM sets the visibility map, without which no scan is index-only (counts, OFFSET)
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE) market_entity")
            conn.exec_driver_sql("VACUUM (ANALYZE) entity_event")
            conn.exec_driver_sql("VACUUM (ANALYZE) reg_anchor")
            conn.exec_driver_sql("VACUUM (ANALYZE) reg_facet")


# COPY text format, written out field by field: a generic per-value formatter is a third of
# the load time. The pools hold no tab, newline or backslash (build_pools checks), so the
# text needs no escaping; None is \N.


def _n(v) -> str:
    return "\\N" if v is None else str(v)


def _entity_copy_line(r: tuple) -> str:
    return (f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{'t' if r[8] else 'f'}\t"
            f"{r[9]}\t{r[10]}\t{r[11]}\t{r[12]}\t{r[13]}\t{_n(r[14])}\t{r[15]}\t{r[16]}\t{_n(r[17])}\t"
            f"{r[18]}\t{_n(r[19])}\t{r[20]}\t{_n(r[21])}\t{_n(r[22])}\t{r[23]}\t{r[24]}\t{r[25]}\t"
            f"{_n(r[26])}\n")


def _event_copy_line(e: tuple) -> str:
    return f"{e[0]}\t{e[1]}\t{e[2]}\t{e[3]}\t{e[4]}\n"


def _check_pools(pools: _Pools) -> None:
    """The COPY lines are not escaped: no pool may hold a character COPY treats specially."""
    for value in vars(pools).values():
        for text in _strings(value):
            if any(c in text for c in "\t\n\r\\"):
                raise ValueError(f"demo pool text needs COPY escaping: {text!r}")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)
