"""The documents the indicators, targets and appraisal rules cite, by title and article, as a reader finds them.

A citation names the document (《title》 and its number when it has one) and the part that says it
(第…部分（…）, 第…章第…节), never a file of this project. The quoted words are in the seeds.
"""

from __future__ import annotations

# The seeds, by their own titles.
CENTRAL_OPINION = "《中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见》"  # seed 004
GUANGXI_OPINION = (
    "《中共广西壮族自治区委员会 广西壮族自治区人民政府关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的实施意见》"
    "（桂发〔2021〕6号）"
)  # seed 000
TONGREN_PLAN = "《铜仁市“十四五”巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划》"  # seed 001
FAKU_PLAN = "《法库县巩固拓展脱贫攻坚成果同乡村振兴有效衔接五年规划（2021年—2025年）》"  # seed 003
# The national rules county notices restate for the identification steps, their deadlines and the platforms'
# data-quality checks. They are not among the seeds, so no article is given.
NATIONAL_GUIDANCE = "《中央农村工作领导小组关于健全防止返贫动态监测和帮扶机制的指导意见》（中农组发〔2021〕7号）"

# The parts of the documents that the indicators cite.
MONITORING = (
    f"{CENTRAL_OPINION}第三部分（二）“健全防止返贫动态监测和帮扶机制”；"
    f"{TONGREN_PLAN}第五章第二节“健全防止返贫动态监测和帮扶机制”"
)
MATCHED = f"{TONGREN_PLAN}第五章第二节：按照缺什么补什么的原则，根据监测对象的风险类别、发展需求开展帮扶"
DEVELOPMENT = f"{FAKU_PLAN}第二部分（二）：对有劳动能力的，坚持开发式帮扶方针，强化产业、就业等帮扶"
SAFETY_NET = (
    f"{FAKU_PLAN}第二部分（二）：对无劳动能力的，强化兜底保障；"
    f"{CENTRAL_OPINION}第五部分（十四）“织密兜牢丧失劳动能力人口基本生活保障底线”"
)
PROBLEMS = f"{CENTRAL_OPINION}第三部分（二）：重点监测其收入支出状况、“两不愁三保障”及饮水安全状况"
CHANNELS = f"{FAKU_PLAN}第二部分（二）：通过农户主动申请、乡村干部走访排查、相关行业部门筛查、大数据比对等途径"
IDENTIFICATION = f"{NATIONAL_GUIDANCE}及各省识别程序规定（从发现线索到办结一般不超过15天）"
QUALITY = f"{NATIONAL_GUIDANCE}及省级防返贫监测信息平台的数据质量检查规则"
INCOME_GROWTH = (
    f"{CENTRAL_OPINION}第二部分（二）：脱贫地区农民收入增速高于全国农民平均水平；"
    f"{GUANGXI_OPINION}第一部分（三）：脱贫地区农民收入增速高于全区农民平均水平；"
    f"{TONGREN_PLAN}第三章第三节“主要目标”：农民人均可支配收入增速高于全国全省平均水平"
)
RURAL_INCOME = (
    f"{TONGREN_PLAN}第六章第二节专栏3“二富”：全市农村常住居民人均可支配收入"
    "2021年底达到1.21万元以上、2023年底1.44万元以上、2025年底1.71万元以上"
)
RELOCATION = f"{TONGREN_PLAN}第六章第五节“务实创新，做好易地扶贫搬迁后续扶持工作”"
RELOCATION_JOBS = f"{RELOCATION}：一户一人以上稳定就业"
RELOCATION_POSTS = f"{RELOCATION}：每年公益性岗位安排不低于20%用于解决搬迁群众就业"
