/* dossier-sample-data-tables.c: the words sample data is made of.
 *
 * Destinations with the rules an office in mainland China works with (fees as
 * of 2024, validity rules, usual processing times), the commonest Chinese
 * family names and given-name characters with the pinyin Chinese passports
 * print (吕 is LYU, as the Ministry of Public Security spells it), a few
 * foreign nationalities with names that carry diacritics, and the phrases
 * specialists write.  Data, not interface text: nothing here is translated.
 */
#include "dossier-sample-data-private.h"

#include <string.h>

#define SCH SAMPLE_COUNTRY_SCHENGEN
#define CON SAMPLE_COUNTRY_CONSULATES
#define ITW SAMPLE_COUNTRY_INTERVIEW
#define VAC SAMPLE_COUNTRY_VISA_CENTRE
#define SCHENGEN_SOURCE "Regulation (EC) No 810/2009 (Visa Code); "

const SampleCountry sample_countries[] = {
  { "DE", "德国", "de", "EUR", 90, 3, 15, 30, SCH | CON | VAC,
    SCHENGEN_SOURCE "German missions in China, VFS Global" },
  { "FR", "法国", "fr", "EUR", 90, 3, 15, 30, SCH | CON | VAC,
    SCHENGEN_SOURCE "France-Visas, TLScontact China" },
  { "IT", "意大利", "it", "EUR", 90, 3, 15, 22, SCH | CON | VAC,
    SCHENGEN_SOURCE "Italian Embassy in Beijing, VFS Global" },
  { "ES", "西班牙", "es", "EUR", 90, 3, 15, 18, SCH | CON | VAC,
    SCHENGEN_SOURCE "BLS Spain Visa, China" },
  { "NL", "荷兰", "nl", "EUR", 90, 3, 15, 10, SCH | CON | VAC,
    SCHENGEN_SOURCE "Netherlands Worldwide, VFS Global" },
  { "BE", "比利时", "fr", "EUR", 90, 3, 15, 5, SCH | VAC,
    SCHENGEN_SOURCE "Embassy of Belgium in Beijing" },
  { "AT", "奥地利", "de", "EUR", 90, 3, 15, 8, SCH | CON | VAC,
    SCHENGEN_SOURCE "Austrian Embassy Beijing" },
  { "CH", "瑞士", "de", "EUR", 90, 3, 15, 14, SCH | CON | VAC,
    SCHENGEN_SOURCE "Swiss Embassy in China, TLScontact" },
  { "SE", "瑞典", "sv", "EUR", 90, 3, 15, 4, SCH | VAC,
    SCHENGEN_SOURCE "Embassy of Sweden Beijing" },
  { "NO", "挪威", "no", "EUR", 90, 3, 15, 3, SCH | VAC,
    SCHENGEN_SOURCE "Norwegian Directorate of Immigration (UDI)" },
  { "DK", "丹麦", "da", "EUR", 90, 3, 15, 4, SCH | VAC,
    SCHENGEN_SOURCE "Embassy of Denmark in Beijing" },
  { "FI", "芬兰", "fi", "EUR", 90, 3, 15, 4, SCH | VAC,
    SCHENGEN_SOURCE "Embassy of Finland, Beijing" },
  { "PT", "葡萄牙", "pt", "EUR", 90, 3, 15, 4, SCH | VAC,
    SCHENGEN_SOURCE "Portuguese Embassy in Beijing" },
  { "GR", "希腊", "el", "EUR", 90, 3, 15, 8, SCH | CON | VAC,
    SCHENGEN_SOURCE "Embassy of Greece in Beijing" },
  { "CZ", "捷克", "cs", "EUR", 90, 3, 15, 5, SCH | CON | VAC,
    SCHENGEN_SOURCE "Czech Embassy in Beijing" },
  { "PL", "波兰", "pl", "EUR", 90, 3, 15, 3, SCH | CON | VAC,
    SCHENGEN_SOURCE "Embassy of Poland in Beijing" },
  { "HU", "匈牙利", "hu", "EUR", 90, 3, 15, 4, SCH | CON | VAC,
    SCHENGEN_SOURCE "Embassy of Hungary, Beijing" },
  { "IS", "冰岛", "is", "EUR", 90, 3, 15, 2, SCH | VAC,
    SCHENGEN_SOURCE "Directorate of Immigration, Iceland" },
  { "LU", "卢森堡", "fr", "EUR", 90, 3, 15, 1, SCH,
    SCHENGEN_SOURCE "Embassy of Luxembourg in Beijing" },
  { "MT", "马耳他", "en", "EUR", 90, 3, 15, 1, SCH | VAC,
    SCHENGEN_SOURCE "Embassy of Malta in Beijing" },
  { "SI", "斯洛文尼亚", "sl", "EUR", 90, 3, 15, 1, SCH,
    SCHENGEN_SOURCE "Embassy of Slovenia, Beijing" },
  { "SK", "斯洛伐克", "sk", "EUR", 90, 3, 15, 1, SCH,
    SCHENGEN_SOURCE "Embassy of Slovakia in Beijing" },
  { "EE", "爱沙尼亚", "et", "EUR", 90, 3, 15, 1, SCH,
    SCHENGEN_SOURCE "Embassy of Estonia in Beijing" },
  { "LV", "拉脱维亚", "lv", "EUR", 90, 3, 15, 1, SCH,
    SCHENGEN_SOURCE "Embassy of Latvia in Beijing" },
  { "LT", "立陶宛", "lt", "EUR", 90, 3, 15, 1, SCH,
    SCHENGEN_SOURCE "Migration Department of Lithuania" },
  { "HR", "克罗地亚", "hr", "EUR", 90, 3, 15, 2, SCH | VAC,
    SCHENGEN_SOURCE "Embassy of Croatia in Beijing" },
  { "GB", "英国", "en", "GBP", 127, 0, 15, 25, CON | VAC,
    "UK Visas and Immigration (GOV.UK), VFS Global" },
  { "IE", "爱尔兰", "en", "EUR", 60, 6, 20, 3, VAC, "Irish Immigration Service Delivery" },
  { "US", "美国", "en", "USD", 185, 6, 5, 28, CON | ITW,
    "U.S. Department of State (travel.state.gov)" },
  { "CA", "加拿大", "en", "CAD", 100, 6, 30, 14, CON | VAC,
    "Immigration, Refugees and Citizenship Canada" },
  { "AU", "澳大利亚", "en", "AUD", 195, 6, 20, 16, CON | VAC,
    "Department of Home Affairs (immi.homeaffairs.gov.au)" },
  { "NZ", "新西兰", "en", "NZD", 211, 6, 20, 6, VAC, "Immigration New Zealand" },
  { "JP", "日本", "ja", "JPY", 3000, 0, 5, 24, CON, "Ministry of Foreign Affairs of Japan" },
  { "KR", "韩国", "ko", "USD", 40, 6, 7, 14, CON | VAC,
    "Korea Visa Portal, Korean Visa Application Center" },
  { "SG", "新加坡", "en", "SGD", 30, 6, 5, 10, 0, "Immigration & Checkpoints Authority (ICA)" },
  { "MY", "马来西亚", "ms", "MYR", 80, 6, 5, 6, CON, "Malaysia eVISA, Immigration Department" },
  { "TH", "泰国", "th", "CNY", 230, 6, 4, 12, CON | VAC, "Royal Thai Embassy, Beijing" },
  { "VN", "越南", "vi", "USD", 25, 6, 5, 6, CON, "Vietnam Immigration Department (evisa.gov.vn)" },
  { "ID", "印度尼西亚", "id", "USD", 35, 6, 5, 4, CON,
    "Directorate General of Immigration, Indonesia" },
  { "PH", "菲律宾", "en", "CNY", 240, 6, 7, 3, CON, "Philippine Embassy in Beijing" },
  { "IN", "印度", "en", "USD", 80, 6, 10, 3, CON | VAC, "Indian Visa Application Centre, China" },
  { "AE", "阿联酋", "ar", "AED", 300, 6, 5, 5, 0,
    "Federal Authority for Identity and Citizenship (ICP)" },
  { "TR", "土耳其", "tr", "USD", 60, 6, 10, 5, CON,
    "Republic of Türkiye Ministry of Foreign Affairs" },
  { "RU", "俄罗斯", "ru", "USD", 80, 6, 10, 6, CON | VAC,
    "Embassy of the Russian Federation in China" },
  { "EG", "埃及", "ar", "USD", 25, 6, 7, 3, 0, "Embassy of Egypt in Beijing" },
  { "ZA", "南非", "en", "ZAR", 425, 6, 10, 2, CON | VAC,
    "Department of Home Affairs, South Africa" },
  { "KE", "肯尼亚", "en", "USD", 51, 6, 5, 1, 0, "Kenya eTA (etakenya.go.ke)" },
  { "MA", "摩洛哥", "fr", "EUR", 25, 6, 10, 1, 0, "Embassy of Morocco in Beijing" },
  { "BR", "巴西", "pt", "USD", 40, 6, 10, 2, CON, "Brazilian Consulate General in Shanghai" },
  { "MX", "墨西哥", "es", "USD", 48, 6, 10, 2, CON, "Embassy of Mexico in China" },
  { "AR", "阿根廷", "es", "USD", 150, 6, 20, 1, CON, "Embassy of Argentina in Beijing" },
  { "CL", "智利", "es", "USD", 30, 6, 15, 1, 0, "Embassy of Chile in Beijing" },
  { "PE", "秘鲁", "es", "USD", 30, 6, 15, 1, 0, "Embassy of Peru in Beijing" },
  { "IL", "以色列", "he", "USD", 30, 6, 10, 1, 0, "Embassy of Israel in Beijing" },
  { "SA", "沙特阿拉伯", "ar", "SAR", 300, 6, 7, 1, 0, "Saudi Visa Bio, KSA Visa platform" },
  { "QA", "卡塔尔", "ar", "QAR", 100, 6, 5, 1, 0, "Qatar Ministry of Interior (Hayya)" },
  { "KH", "柬埔寨", "km", "USD", 30, 6, 3, 2, 0, "Cambodia e-Visa, Ministry of Foreign Affairs" },
  { "LK", "斯里兰卡", "si", "USD", 50, 6, 3, 1, 0, "Sri Lanka ETA, Department of Immigration" },
  { "NP", "尼泊尔", "ne", "USD", 30, 6, 3, 1, 0, "Department of Immigration, Nepal" },
  { "MV", "马尔代夫", "dv", "USD", 0, 1, 1, 1, 0, "Maldives Immigration" },
  { "KZ", "哈萨克斯坦", "ru", "USD", 60, 6, 7, 1, 0, "Embassy of Kazakhstan in China" },
  { "UZ", "乌兹别克斯坦", "ru", "USD", 60, 6, 7, 1, 0, "Embassy of Uzbekistan in Beijing" },
  { "MN", "蒙古", "mn", "USD", 50, 6, 7, 1, 0, "Embassy of Mongolia in Beijing" },
  { "LA", "老挝", "lo", "USD", 30, 6, 5, 1, CON, "Embassy of the Lao PDR in Beijing" },
};
const guint sample_n_countries = G_N_ELEMENTS (sample_countries);

#undef SCH
#undef CON
#undef ITW
#undef VAC
#undef SCHENGEN_SOURCE

const SampleOffice sample_offices[SAMPLE_N_OFFICES] = {
  { "Beijing head office", "Beijing", "北京", 30,
    { "Li Na", "Zhang Wei", "Wang Fang", "Sophie Martin" },
    { { "朝阳区", "Chaoyang District" }, { "海淀区", "Haidian District" },
      { "东城区", "Dongcheng District" }, { "西城区", "Xicheng District" } },
    { { "建国路", "Jianguo Road" }, { "中关村大街", "Zhongguancun Street" },
      { "东直门内大街", "Dongzhimen Inner Street" }, { "金融大街", "Financial Street" } } },
  { "Shanghai branch", "Shanghai", "上海", 30,
    { "Chen Jing", "Liu Yang", "Zhou Min", "Marco Rossi" },
    { { "浦东新区", "Pudong New Area" }, { "徐汇区", "Xuhui District" },
      { "静安区", "Jing'an District" }, { "黄浦区", "Huangpu District" } },
    { { "世纪大道", "Century Avenue" }, { "淮海中路", "Middle Huaihai Road" },
      { "南京西路", "West Nanjing Road" }, { "西藏中路", "Middle Xizang Road" } } },
  { "Guangzhou branch", "Guangzhou", "广州", 18, { "Huang Xiaoli", "Lin Hao", "Liang Qing", NULL },
    { { "天河区", "Tianhe District" }, { "越秀区", "Yuexiu District" },
      { "海珠区", "Haizhu District" }, { "番禺区", "Panyu District" } },
    { { "天河路", "Tianhe Road" }, { "环市东路", "East Huanshi Road" },
      { "新港中路", "Middle Xingang Road" }, { "市桥街", "Shiqiao Street" } } },
  { "Chengdu branch", "Chengdu", "成都", 12, { "Yang Fan", "Deng Lei", "Tang Yue", NULL },
    { { "锦江区", "Jinjiang District" }, { "武侯区", "Wuhou District" },
      { "高新区", "Gaoxin District" }, { "青羊区", "Qingyang District" } },
    { { "春熙路", "Chunxi Road" }, { "人民南路", "South Renmin Road" },
      { "天府大道", "Tianfu Avenue" }, { "西御街", "Xiyu Street" } } },
  { "Shenzhen branch", "Shenzhen", "深圳", 10, { "Xu Ming", "Zheng Ying", "Anna Kowalska", NULL },
    { { "南山区", "Nanshan District" }, { "福田区", "Futian District" },
      { "罗湖区", "Luohu District" }, { "宝安区", "Bao'an District" } },
    { { "科技园路", "Science Park Road" }, { "深南大道", "Shennan Avenue" },
      { "人民南路", "South Renmin Road" }, { "新安路", "Xin'an Road" } } },
};

const char * const sample_visa_types[SAMPLE_N_VISA_TYPES] = {
  "tourist", "business", "student", "work", "family", "transit",
};

const SampleText sample_visa_type_names[SAMPLE_N_VISA_TYPES] = {
  { "tourist", "旅游" }, { "business", "商务" }, { "student", "留学" },
  { "work", "工作" }, { "family visit", "探亲" }, { "transit", "过境" },
};

const char * const sample_stages[SAMPLE_N_STAGES] = {
  "intake", "documents", "review", "ready", "submitted", "decided", "closed",
};

/* Roughly by frequency, commonest first: callers favour the start of the list. */
const SampleWord sample_family_names[] = {
  { "王", "WANG" }, { "李", "LI" }, { "张", "ZHANG" }, { "刘", "LIU" }, { "陈", "CHEN" },
  { "杨", "YANG" }, { "黄", "HUANG" }, { "赵", "ZHAO" }, { "吴", "WU" }, { "周", "ZHOU" },
  { "徐", "XU" }, { "孙", "SUN" }, { "马", "MA" }, { "朱", "ZHU" }, { "胡", "HU" },
  { "郭", "GUO" }, { "何", "HE" }, { "高", "GAO" }, { "林", "LIN" }, { "罗", "LUO" },
  { "郑", "ZHENG" }, { "梁", "LIANG" }, { "谢", "XIE" }, { "宋", "SONG" }, { "唐", "TANG" },
  { "许", "XU" }, { "韩", "HAN" }, { "冯", "FENG" }, { "邓", "DENG" }, { "曹", "CAO" },
  { "彭", "PENG" }, { "曾", "ZENG" }, { "肖", "XIAO" }, { "田", "TIAN" }, { "董", "DONG" },
  { "袁", "YUAN" }, { "潘", "PAN" }, { "于", "YU" }, { "蒋", "JIANG" }, { "蔡", "CAI" },
  { "余", "YU" }, { "杜", "DU" }, { "叶", "YE" }, { "程", "CHENG" }, { "苏", "SU" },
  { "魏", "WEI" }, { "吕", "LYU" }, { "丁", "DING" }, { "任", "REN" }, { "沈", "SHEN" },
  { "姚", "YAO" }, { "卢", "LU" }, { "姜", "JIANG" }, { "崔", "CUI" }, { "钟", "ZHONG" },
  { "谭", "TAN" }, { "陆", "LU" }, { "汪", "WANG" }, { "范", "FAN" }, { "金", "JIN" },
  { "石", "SHI" }, { "廖", "LIAO" }, { "贾", "JIA" }, { "夏", "XIA" }, { "韦", "WEI" },
  { "付", "FU" }, { "方", "FANG" }, { "白", "BAI" }, { "邹", "ZOU" }, { "孟", "MENG" },
  { "熊", "XIONG" }, { "秦", "QIN" }, { "邱", "QIU" }, { "江", "JIANG" }, { "尹", "YIN" },
  { "薛", "XUE" }, { "闫", "YAN" }, { "段", "DUAN" }, { "雷", "LEI" }, { "侯", "HOU" },
  { "龙", "LONG" }, { "史", "SHI" }, { "陶", "TAO" }, { "黎", "LI" }, { "贺", "HE" },
  { "顾", "GU" }, { "毛", "MAO" }, { "郝", "HAO" }, { "龚", "GONG" }, { "邵", "SHAO" },
  { "万", "WAN" }, { "钱", "QIAN" }, { "严", "YAN" }, { "武", "WU" }, { "戴", "DAI" },
  { "莫", "MO" }, { "孔", "KONG" }, { "向", "XIANG" }, { "欧阳", "OUYANG" }, { "司马", "SIMA" },
  { "上官", "SHANGGUAN" }, { "诸葛", "ZHUGE" },
};
const guint sample_n_family_names = G_N_ELEMENTS (sample_family_names);

const SampleWord sample_given_female[] = {
  { "芳", "FANG" }, { "娜", "NA" }, { "秀", "XIU" }, { "敏", "MIN" }, { "静", "JING" },
  { "丽", "LI" }, { "艳", "YAN" }, { "娟", "JUAN" }, { "霞", "XIA" }, { "婷", "TING" },
  { "雪", "XUE" }, { "琳", "LIN" }, { "欣", "XIN" }, { "怡", "YI" }, { "慧", "HUI" },
  { "丹", "DAN" }, { "梅", "MEI" }, { "莉", "LI" }, { "颖", "YING" }, { "倩", "QIAN" },
  { "璐", "LU" }, { "瑶", "YAO" }, { "萍", "PING" }, { "兰", "LAN" }, { "桂", "GUI" },
};
const guint sample_n_given_female = G_N_ELEMENTS (sample_given_female);

const SampleWord sample_given_male[] = {
  { "伟", "WEI" }, { "强", "QIANG" }, { "磊", "LEI" }, { "军", "JUN" }, { "勇", "YONG" },
  { "杰", "JIE" }, { "涛", "TAO" }, { "超", "CHAO" }, { "刚", "GANG" }, { "建", "JIAN" },
  { "辉", "HUI" }, { "鹏", "PENG" }, { "浩", "HAO" }, { "凯", "KAI" }, { "博", "BO" },
  { "俊", "JUN" }, { "峰", "FENG" }, { "志", "ZHI" }, { "国", "GUO" }, { "德", "DE" },
  { "成", "CHENG" }, { "荣", "RONG" }, { "昊", "HAO" }, { "轩", "XUAN" }, { "泽", "ZE" },
};
const guint sample_n_given_male = G_N_ELEMENTS (sample_given_male);

const SampleWord sample_given_neutral[] = {
  { "明", "MING" }, { "晓", "XIAO" }, { "华", "HUA" }, { "文", "WEN" }, { "宇", "YU" },
  { "晨", "CHEN" }, { "子", "ZI" }, { "梓", "ZI" }, { "涵", "HAN" }, { "一", "YI" },
  { "诺", "NUO" }, { "思", "SI" }, { "雨", "YU" }, { "嘉", "JIA" }, { "宁", "NING" },
  { "佳", "JIA" }, { "海", "HAI" }, { "东", "DONG" }, { "春", "CHUN" }, { "秋", "QIU" },
  { "新", "XIN" }, { "安", "AN" }, { "乐", "LE" }, { "清", "QING" }, { "天", "TIAN" },
  { "然", "RAN" }, { "平", "PING" }, { "玉", "YU" }, { "永", "YONG" }, { "英", "YING" },
};
const guint sample_n_given_neutral = G_N_ELEMENTS (sample_given_neutral);

/* As a Chinese passport prints the place of birth: the province. */
const SampleWord sample_provinces[] = {
  { "北京", "BEIJING" }, { "上海", "SHANGHAI" }, { "广东", "GUANGDONG" }, { "四川", "SICHUAN" },
  { "浙江", "ZHEJIANG" }, { "江苏", "JIANGSU" }, { "山东", "SHANDONG" }, { "湖北", "HUBEI" },
  { "湖南", "HUNAN" }, { "河南", "HENAN" }, { "福建", "FUJIAN" }, { "辽宁", "LIAONING" },
  { "陕西", "SHAANXI" }, { "重庆", "CHONGQING" }, { "天津", "TIANJIN" }, { "安徽", "ANHUI" },
  { "江西", "JIANGXI" }, { "云南", "YUNNAN" }, { "黑龙江", "HEILONGJIANG" }, { "吉林", "JILIN" },
  { "广西", "GUANGXI" }, { "河北", "HEBEI" }, { "山西", "SHANXI" }, { "内蒙古", "NEI MONGOL" },
};
const guint sample_n_provinces = G_N_ELEMENTS (sample_provinces);

const SampleForeignGroup sample_foreign_groups[] = {
  { "DEU", "CXXXXXXXX", { "BERLIN", "MÜNCHEN", "HAMBURG" },
    { { NULL, "MÜLLER" }, { NULL, "SCHMIDT" }, { NULL, "SCHNEIDER" }, { NULL, "FISCHER" },
      { NULL, "WEBER" }, { NULL, "SCHRÖDER" } },
    { { NULL, "ANNA" }, { NULL, "SOPHIE" }, { NULL, "LEONIE" }, { NULL, "KATHARINA" } },
    { { NULL, "LUKAS" }, { NULL, "JÜRGEN" }, { NULL, "FELIX" }, { NULL, "JONAS" } } },
  { "FRA", "99AA99999", { "PARIS", "LYON", "MARSEILLE" },
    { { NULL, "LEFÈVRE" }, { NULL, "DUBOIS" }, { NULL, "MOREAU" }, { NULL, "GIRARD" },
      { NULL, "ROUSSEAU" }, { NULL, "FAURE" } },
    { { NULL, "ÉLODIE" }, { NULL, "CAMILLE" }, { NULL, "HÉLÈNE" }, { NULL, "CHLOÉ" } },
    { { NULL, "FRANÇOIS" }, { NULL, "THOMAS" }, { NULL, "JÉRÔME" }, { NULL, "LUCAS" } } },
  { "ESP", "AAA999999", { "MADRID", "SEVILLA", "VALENCIA" },
    { { NULL, "GARCÍA" }, { NULL, "MARTÍNEZ" }, { NULL, "LÓPEZ" }, { NULL, "NÚÑEZ" },
      { NULL, "SÁNCHEZ" }, { NULL, "FERNÁNDEZ" } },
    { { NULL, "MARÍA" }, { NULL, "LUCÍA" }, { NULL, "CARMEN" }, { NULL, "SOFÍA" } },
    { { NULL, "JOSÉ" }, { NULL, "JAVIER" }, { NULL, "ÁLVARO" }, { NULL, "DAVID" } } },
  { "ITA", "YA9999999", { "ROMA", "MILANO", "TORINO" },
    { { NULL, "ROSSI" }, { NULL, "RUSSO" }, { NULL, "FERRARI" }, { NULL, "ESPOSITO" },
      { NULL, "BIANCHI" }, { NULL, "ROMANO" } },
    { { NULL, "GIULIA" }, { NULL, "CHIARA" }, { NULL, "FRANCESCA" }, { NULL, "SARA" } },
    { { NULL, "MARCO" }, { NULL, "LUCA" }, { NULL, "NICCOLÒ" }, { NULL, "ANDREA" } } },
  { "SWE", "99999999", { "STOCKHOLM", "GÖTEBORG", "MALMÖ" },
    { { NULL, "ANDERSSON" }, { NULL, "JOHANSSON" }, { NULL, "KARLSSON" }, { NULL, "NILSSON" },
      { NULL, "ERIKSSON" }, { NULL, "LARSSON" } },
    { { NULL, "ÅSA" }, { NULL, "INGRID" }, { NULL, "MAJA" }, { NULL, "ELSA" } },
    { { NULL, "BJÖRN" }, { NULL, "ERIK" }, { NULL, "OSKAR" }, { NULL, "NILS" } } },
  { "USA", "999999999", { "NEW YORK", "CALIFORNIA", "TEXAS" },
    { { NULL, "SMITH" }, { NULL, "JOHNSON" }, { NULL, "BROWN" }, { NULL, "TAYLOR" },
      { NULL, "MILLER" }, { NULL, "DAVIS" } },
    { { NULL, "EMILY" }, { NULL, "SARAH" }, { NULL, "JESSICA" }, { NULL, "OLIVIA" } },
    { { NULL, "JAMES" }, { NULL, "MICHAEL" }, { NULL, "DANIEL" }, { NULL, "RYAN" } } },
  { "GBR", "999999999", { "LONDON", "MANCHESTER", "EDINBURGH" },
    { { NULL, "WILLIAMS" }, { NULL, "JONES" }, { NULL, "EVANS" }, { NULL, "WRIGHT" },
      { NULL, "HUGHES" }, { NULL, "O'BRIEN" } },
    { { NULL, "CHARLOTTE" }, { NULL, "EMMA" }, { NULL, "GRACE" }, { NULL, "AMELIA" } },
    { { NULL, "OLIVER" }, { NULL, "HARRY" }, { NULL, "GEORGE" }, { NULL, "JACK" } } },
  { "JPN", "AA9999999", { "TOKYO", "OSAKA", "KANAGAWA" },
    { { "田中", "TANAKA" }, { "佐藤", "SATO" }, { "鈴木", "SUZUKI" }, { "高橋", "TAKAHASHI" },
      { "渡辺", "WATANABE" }, { "伊藤", "ITO" } },
    { { "優希", "YUKI" }, { "さくら", "SAKURA" }, { "陽菜", "HINA" }, { "葵", "AOI" } },
    { { "陽翔", "HARUTO" }, { "蓮", "REN" }, { "颯太", "SOTA" }, { "健二", "KENJI" } } },
  { "KOR", "M99999999", { "SEOUL", "BUSAN", "INCHEON" },
    { { "김", "KIM" }, { "이", "LEE" }, { "박", "PARK" }, { "최", "CHOI" },
      { "정", "JUNG" }, { "강", "KANG" } },
    { { "지연", "JIYEON" }, { "서연", "SEOYEON" }, { "민지", "MINJI" }, { "하은", "HAEUN" } },
    { { "민준", "MINJUN" }, { "지훈", "JIHOON" }, { "현우", "HYUNWOO" }, { "승호", "SEUNGHO" } } },
  { "VNM", "C9999999", { "HÀ NỘI", "HỒ CHÍ MINH", "ĐÀ NẴNG" },
    { { NULL, "NGUYỄN" }, { NULL, "TRẦN" }, { NULL, "LÊ" }, { NULL, "PHẠM" },
      { NULL, "HOÀNG" }, { NULL, "VŨ" } },
    { { NULL, "THỊ HOA" }, { NULL, "THỊ LAN" }, { NULL, "NGỌC ANH" }, { NULL, "THU HÀ" } },
    { { NULL, "VĂN AN" }, { NULL, "MINH ĐỨC" }, { NULL, "QUANG HUY" }, { NULL, "ĐỨC THẮNG" } } },
};
const guint sample_n_foreign_groups = G_N_ELEMENTS (sample_foreign_groups);

const SampleText sample_occupations[] = {
  { "Software engineer", "软件工程师" }, { "Teacher", "教师" }, { "Accountant", "会计" },
  { "Sales manager", "销售经理" }, { "Doctor", "医生" }, { "Nurse", "护士" },
  { "Civil servant", "公务员" }, { "Business owner", "企业主" }, { "Designer", "设计师" },
  { "Researcher", "研究员" }, { "Lawyer", "律师" }, { "Mechanical engineer", "机械工程师" },
  { "Marketing director", "市场总监" }, { "Purchasing agent", "采购专员" }, { "Pilot", "飞行员" },
  { "Architect", "建筑师" }, { "Financial analyst", "金融分析师" }, { "Chef", "厨师" },
};
const guint sample_n_occupations = G_N_ELEMENTS (sample_occupations);

const char * const sample_employers[] = {
  "华为技术有限公司", "Alibaba Group", "腾讯科技（深圳）有限公司", "中国银行股份有限公司",
  "Bosch (China) Investment Ltd.", "比亚迪股份有限公司", "中国国际航空股份有限公司",
  "Siemens Ltd., China", "京东集团", "中国建筑集团有限公司", "国家电网有限公司",
  "北京协和医院", "字节跳动", "小米科技有限责任公司", "美的集团", "中兴通讯股份有限公司",
  "招商银行", "Deloitte China", "宁德时代新能源科技股份有限公司", "格力电器", "顺丰控股",
  "上海汽车集团股份有限公司", "Volkswagen (China) Investment Co., Ltd.", "中国石油化工集团",
  "成都市第七中学", "广州市天河区人民政府",
};
const guint sample_n_employers = G_N_ELEMENTS (sample_employers);

const char * const sample_universities[] = {
  "清华大学", "北京大学", "复旦大学", "上海交通大学", "浙江大学", "中山大学",
  "四川大学", "南京大学", "Sun Yat-sen University", "Wuhan University", "深圳大学",
};
const guint sample_n_universities = G_N_ELEMENTS (sample_universities);

const char * const sample_email_domains[] = {
  "163.com", "qq.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com",
  "yeah.net",
};
const guint sample_n_email_domains = G_N_ELEMENTS (sample_email_domains);

const char * const sample_translators[] = {
  "Gao Yan", "Sun Li", "Ma Jun", "Hu Xin", "Zhu Ting", "Guo Qiang", "Claire Dubois",
};
const guint sample_n_translators = G_N_ELEMENTS (sample_translators);

typedef struct
{
  const char *kind;
  const char *title_zh;
} KindTitle;

static const KindTitle kind_titles_zh[] = {
  { "passport", "护照" }, { "photo", "照片" }, { "application_form", "签证申请表" },
  { "invitation_letter", "邀请函" }, { "bank_statement", "银行流水" },
  { "employment_certificate", "在职证明" }, { "insurance", "旅行医疗保险" },
  { "itinerary", "行程单" }, { "hotel_booking", "酒店预订单" },
  { "admission_letter", "录取通知书" },
  { "proof_of_funds", "资金证明" }, { "marriage_certificate", "结婚证" },
  { "birth_certificate", "出生证明" }, { "police_certificate", "无犯罪记录证明" },
  { "medical_certificate", "体检证明" }, { "work_permit", "工作许可" },
  { "return_ticket", "往返机票" }, { "tax_return", "纳税证明" },
  { "business_registration", "营业执照" }, { "sponsorship_letter", "担保函" },
  { "previous_visas", "旧签证复印件" },
};

const char *
sample_document_title_zh (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_titles_zh); i++)
    if (strcmp (kind_titles_zh[i].kind, kind) == 0)
      return kind_titles_zh[i].title_zh;
  return kind;
}

static const SampleText purposes_tourist[] = {
  { "Holiday in %s with family", "与家人赴%s度假" },
  { "Sightseeing tour of %s", "赴%s旅游观光" },
  { "Group tour of %s organised by a travel agency", "随旅行社团队赴%s旅游" },
  { "Honeymoon in %s", "赴%s蜜月旅行" },
};
static const SampleText purposes_business[] = {
  { "Meetings with suppliers in %s", "赴%s与供应商会谈" },
  { "Trade fair visit in %s", "赴%s参加展会" },
  { "Negotiating a distribution contract in %s", "赴%s洽谈经销合同" },
  { "Training at the parent company in %s", "赴%s总部参加培训" },
};
static const SampleText purposes_student[] = {
  { "Master's programme at a university in %s", "赴%s攻读硕士学位" },
  { "Exchange semester in %s", "赴%s交换学习一学期" },
  { "Language course in %s", "赴%s参加语言课程" },
  { "Doctoral research in %s", "赴%s从事博士研究" },
};
static const SampleText purposes_work[] = {
  { "Posted to the %s subsidiary as an engineer", "企业派遣赴%s子公司任工程师" },
  { "Skilled worker contract in %s", "赴%s从事技术工作" },
  { "Intra-company transfer to %s", "公司内部调动至%s" },
};
static const SampleText purposes_family[] = {
  { "Visiting a daughter who studies in %s", "赴%s探望留学的女儿" },
  { "Joining a spouse in %s", "赴%s与配偶团聚" },
  { "Attending a family wedding in %s", "赴%s参加亲属婚礼" },
  { "Visiting grandchildren in %s", "赴%s探望孙辈" },
};
static const SampleText purposes_transit[] = {
  { "Airport transit in %s on the way to São Paulo", "经%s转机前往圣保罗" },
  { "Transit through %s to Canada", "经%s过境前往加拿大" },
  { "Connecting flight in %s to Johannesburg", "在%s转机前往约翰内斯堡" },
};

const SampleText *
sample_purposes (guint  visa_type,
                 guint *out_n)
{
  static const struct { const SampleText *texts; guint n; } lists[SAMPLE_N_VISA_TYPES] = {
    { purposes_tourist, G_N_ELEMENTS (purposes_tourist) },
    { purposes_business, G_N_ELEMENTS (purposes_business) },
    { purposes_student, G_N_ELEMENTS (purposes_student) },
    { purposes_work, G_N_ELEMENTS (purposes_work) },
    { purposes_family, G_N_ELEMENTS (purposes_family) },
    { purposes_transit, G_N_ELEMENTS (purposes_transit) },
  };

  g_return_val_if_fail (visa_type < SAMPLE_N_VISA_TYPES, NULL);
  *out_n = lists[visa_type].n;
  return lists[visa_type].texts;
}

static const SampleText rejections_bank[] = {
  { "Statement older than three months", "银行流水超过三个月" },
  { "Missing the bank's stamp on each page", "流水缺少银行逐页盖章" },
};
static const SampleText rejections_photo[] = {
  { "Background not white; 35 x 45 mm needed", "照片背景不是白色，需35x45毫米" },
  { "Photo older than six months", "照片为六个月前拍摄" },
};
static const SampleText rejections_employment[] = {
  { "Company seal missing", "在职证明缺少公司盖章" },
  { "Leave dates do not match the itinerary", "准假日期与行程不符" },
};
static const SampleText rejections_insurance[] = {
  { "Cover below EUR 30,000", "保额低于3万欧元" },
  { "Policy does not cover the whole stay", "保险期限未覆盖全部行程" },
};
static const SampleText rejections_other[] = {
  { "A photocopy; the original is needed", "仅为复印件，需提供原件" },
  { "Translation lacks the translator's certification", "译文缺少翻译资质盖章" },
  { "Name spelled differently from the passport", "姓名拼写与护照不一致" },
};

const SampleText *
sample_rejection_reasons (const char *kind,
                          guint      *out_n)
{
  const SampleText *texts = rejections_other;
  guint n = G_N_ELEMENTS (rejections_other);

  if (strcmp (kind, "bank_statement") == 0 || strcmp (kind, "proof_of_funds") == 0)
    texts = rejections_bank, n = G_N_ELEMENTS (rejections_bank);
  else if (strcmp (kind, "photo") == 0)
    texts = rejections_photo, n = G_N_ELEMENTS (rejections_photo);
  else if (strcmp (kind, "employment_certificate") == 0)
    texts = rejections_employment, n = G_N_ELEMENTS (rejections_employment);
  else if (strcmp (kind, "insurance") == 0)
    texts = rejections_insurance, n = G_N_ELEMENTS (rejections_insurance);
  *out_n = n;
  return texts;
}

/* Codes from dossier-refusal-codes.c, weighted as refusals of Chinese applicants go. */
const SampleRefusal sample_refusals[] = {
  { "insufficient_means", 24,
    { "Sufficient means of subsistence for the stay and the return were not shown.",
      "未能证明在停留期间及返程有足够的生活费用。" } },
  { "purpose_not_justified", 24,
    { "The purpose and conditions of the intended stay were not justified.",
      "未能说明预定停留的目的和条件。" } },
  { "return_not_established", 20,
    { "The intention to leave before the visa expires was not established.",
      "未能证明申请人在签证到期前离境的意愿。" } },
  { "insufficient_ties", 8,
    { "Ties to the home country (work, family, property) were not shown.",
      "未能证明与国内的工作、家庭或财产联系。" } },
  { "unreliable_information", 7,
    { "Supporting documents could not be verified or are not reliable.",
      "所提交的证明材料无法核实或不可靠。" } },
  { "no_travel_insurance", 6,
    { "No adequate and valid travel medical insurance was provided.",
      "未提供充分有效的旅行医疗保险。" } },
  { "incomplete_application", 5,
    { "The application was incomplete: the employment certificate was missing.",
      "申请材料不完整：缺少在职证明。" } },
  { "previous_violation", 2,
    { "A previous stay exceeded the period authorised.", "申请人曾有逾期停留记录。" } },
  { "stay_limit_reached", 1,
    { "The applicant already stayed 90 days in the current 180-day period.",
      "申请人在当前180天内已停留满90天。" } },
  { "sis_alert", 1,
    { "An alert was issued in the Schengen Information System.", "申根信息系统中存在相关警示记录。" } },
  { "false_document", 1,
    { "A supporting document was found to be forged.", "一份证明材料被认定为伪造。" } },
  { "public_threat", 1, { "Considered a threat to public policy.", "被认为对公共秩序构成威胁。" } },
  { "other", 3, { "The consulate gave no further reason.", "领事馆未说明其他具体理由。" } },
};
const guint sample_n_refusals = G_N_ELEMENTS (sample_refusals);

const SampleText sample_withdrawal_reasons[] = {
  { "Client postponed the trip", "客户推迟行程" },
  { "Business meeting cancelled by the host", "邀请方取消了商务会议" },
  { "Client applied through another agency", "客户改由其他机构办理" },
  { "Family emergency", "家中有急事" },
};
const guint sample_n_withdrawal_reasons = G_N_ELEMENTS (sample_withdrawal_reasons);

const SampleText sample_case_notes[] = {
  { "Client prefers to be contacted on WeChat.", "客户希望通过微信联系。" },
  { "Second application after a refusal two years ago.", "两年前曾被拒签，本次为再次申请。" },
  { "Travels with spouse; keep both files together.", "与配偶同行，两份材料请一并处理。" },
  { "Originals kept in office safe B.", "原件存放在办公室保险柜B。" },
  { "Employer pays the fees; invoice to the company.", "费用由公司支付，发票开具给公司。" },
  { "Client asked for a call before any courier pickup.", "快递取件前请先致电客户。" },
};
const guint sample_n_case_notes = G_N_ELEMENTS (sample_case_notes);

const SampleText sample_applicant_notes[] = {
  { "Holds a valid US visa (B1/B2).", "持有有效美国B1/B2签证。" },
  { "Hard of hearing: prefers written messages.", "听力不好，希望文字沟通。" },
  { "Frequent traveller, four Schengen visas in five years.", "常旅客，五年内获得四次申根签证。" },
  { "Referred by a corporate client.", "由企业客户推荐。" },
};
const guint sample_n_applicant_notes = G_N_ELEMENTS (sample_applicant_notes);

const SampleText sample_item_notes[] = {
  { "Client brings the original on Monday.", "客户周一送原件。" },
  { "Scan received by WeChat; original to follow.", "已通过微信收到扫描件，原件随后送达。" },
  { "Checked against the passport spelling.", "已核对护照姓名拼写。" },
};
const guint sample_n_item_notes = G_N_ELEMENTS (sample_item_notes);

const SampleText sample_preparation_biometrics[] = {
  { "Bring the original passport, one photo and the printed appointment letter.",
    "请携带护照原件、一张照片及打印的预约确认函。" },
  { "Arrive 15 minutes early; fingerprints are taken at the counter.",
    "请提前15分钟到达，现场采集指纹。" },
  { "Client needs a wheelchair-accessible counter.", "客户需要无障碍窗口。" },
};
const guint sample_n_preparation_biometrics = G_N_ELEMENTS (sample_preparation_biometrics);

const SampleText sample_preparation_interview[] = {
  { "Rehearse questions about the purpose, funding and return plans.",
    "练习关于出行目的、资金来源及回国计划的问题。" },
  { "Bring the admission or invitation letter and the bank statements.",
    "携带录取通知书或邀请函以及银行流水原件。" },
  { "Bring the employment certificate original; answer in short sentences.",
    "携带在职证明原件，回答简明扼要。" },
};
const guint sample_n_preparation_interview = G_N_ELEMENTS (sample_preparation_interview);

/* Grouped by activity kind; see sample_activity_bodies_for(). */
static const SampleText sample_activity_bodies[] = {
  /* call: 0-3 */
  { "Called the client about the missing bank statements.", "致电客户催交银行流水。" },
  { "Client called to ask about the processing time.", "客户来电询问办理进度，已告知预计时间。" },
  { "Called the inviting company to confirm the invitation letter.", "致电邀请方公司核实邀请函。" },
  { "Reminded the client of the biometrics appointment.", "提醒客户按时参加生物信息采集。" },
  /* follow_up: 4-6 */
  { "Followed up with the visa centre on the application status.", "向签证中心跟进申请状态。" },
  { "Sent the client the list of documents still missing.", "已向客户发送待补材料清单。" },
  { "Checked the tracking page: application still in process.", "查询进度：申请仍在审理中。" },
  /* visit: 7-8 */
  { "Client came to the office to sign the application form.", "客户来办公室签署申请表。" },
  { "Client dropped off the original documents.", "客户送来材料原件。" },
  /* complaint: 9-10 */
  { "Client complained about the waiting time at the visa centre.",
    "客户投诉签证中心等候时间过长。" },
  { "Client unhappy that the courier arrived late.", "客户对快递延误表示不满。" },
  /* note: 11-14 */
  { "Case opened at intake; passport data checked against the MRZ.",
    "建档完成，护照信息已与机读码核对。" },
  { "Insurance certificate checked: cover and dates are fine.",
    "保险单已核对，保额及期限符合要求。" },
  { "Translation sent to the second reviewer.", "译文已交第二审校人复核。" },
  { "File reviewed and ready for submission.", "材料已审核，可递交。" },
};

const SampleText *
sample_activity_bodies_for (const char *kind,
                            guint      *out_n)
{
  static const struct { const char *kind; guint first, n; } groups[] = {
    { "call", 0, 4 }, { "follow_up", 4, 3 }, { "visit", 7, 2 }, { "complaint", 9, 2 },
    { "note", 11, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (strcmp (groups[i].kind, kind) == 0)
      {
        *out_n = groups[i].n;
        return &sample_activity_bodies[groups[i].first];
      }
  *out_n = 4;
  return &sample_activity_bodies[11];
}

const SampleText sample_policy_tips[] = {
  { "Apply no earlier than six months and no later than 15 days before travel.",
    "最早可在出行前六个月递交，最晚不迟于出行前15天。" },
  { "Bank statements must cover the last six months and carry the bank's stamp.",
    "银行流水须为近六个月，并加盖银行印章。" },
  { "Documents not in English or the local language need a certified translation.",
    "非英文或当地语言的材料须提供有资质的翻译件。" },
  { "Peak season (June to August) doubles the waiting time for appointments.",
    "旺季（6月至8月）预约等待时间会延长一倍。" },
  { "Applicants under 18 need the consent of both parents, notarized.",
    "未满18周岁的申请人须提供经公证的父母双方同意书。" },
  { "Previous visas for this country shorten processing; bring copies.",
    "持有该国旧签证可缩短审理时间，请提供复印件。" },
};
const guint sample_n_policy_tips = G_N_ELEMENTS (sample_policy_tips);

/* Variants of a note: a topic in a consular district. */
const SampleText sample_note_topics[] = {
  { "minors travelling alone", "未成年人单独出行" },
  { "self-employed applicants", "自雇人士" },
  { "retired applicants", "退休人员" },
  { "peak season", "旺季办理" },
  { "fee update", "费用调整" },
  { "frequent travellers", "常旅客" },
  { "sample invitation letter", "邀请函范本" },
  { "applicants with a previous refusal", "曾被拒签的申请人" },
};
const guint sample_n_note_topics = G_N_ELEMENTS (sample_note_topics);

const SampleWord sample_note_regions[] = {
  { "上海领区", "Shanghai consular district" }, { "广州领区", "Guangzhou consular district" },
  { "成都领区", "Chengdu consular district" }, { "北京领区", "Beijing consular district" },
  { "沈阳领区", "Shenyang consular district" }, { "武汉领区", "Wuhan consular district" },
};
const guint sample_n_note_regions = G_N_ELEMENTS (sample_note_regions);
