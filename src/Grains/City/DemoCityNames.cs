namespace SmartCity.Grains.City;

/// <summary>
/// Pinyin names for the demo city. Streets and communities borrow real Hangzhou names, but where
/// they are put is made up: the demo is Hangzhou-like, not a map of Hangzhou.
/// </summary>
internal static class DemoCityNames
{
    /// <summary>Common Chinese surnames, roughly by frequency (cf. the Ministry of Public Security's yearly household-register surname report).</summary>
    public static readonly string[] Surnames =
    [
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
        "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo",
        "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng",
        "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du",
        "Ye", "Cheng", "Wei", "Su", "Lyu", "Ding", "Ren", "Shen", "Yao", "Lu",
    ];

    public static readonly string[] GivenNames =
    [
        "Fang", "Wei", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong",
        "Yan", "Jie", "Juan", "Tao", "Ming", "Chao", "Xiuying", "Xia", "Ping", "Gang",
        "Guiying", "Hui", "Jian", "Hong", "Na", "Ling", "Yu", "Xin", "Hao", "Bo",
        "Ting", "Dan", "Xiaoming", "Haiyan", "Zhiqiang", "Jianhua", "Lihua", "Yuting", "Zihan", "Yiming",
    ];

    /// <summary>East-west streets on the lattice's row lines, south to north (21 lines for 20 rows).</summary>
    public static readonly string[] EastWestStreets =
    [
        "Binsheng Road", "Jiangnan Avenue", "Jianghui Road", "Binkang Road", "Jiangling Road",
        "Jianghong Road", "Qianjiang Road", "Wangjiang Road", "Jiefang Road", "Qingchun Road",
        "Fengqi Road", "Tiyuchang Road", "Huancheng North Road", "Tianmushan Road", "Wenyi Road",
        "Wener Road", "Wensan Road", "Desheng Road", "Shixiang Road", "Daguan Road", "Liangzhu Road",
    ];

    /// <summary>North-south streets on the lattice's column lines, west to east.</summary>
    public static readonly string[] NorthSouthStreets =
    [
        "Zijingang Road", "Gudun Road", "Xueyuan Road", "Jiaogong Road", "Hangda Road",
        "Baochu Road", "Beishan Road", "Hubin Road", "Yan'an Road", "Zhongshan Road",
        "Jianguo Road", "Moganshan Road", "Huansha Road", "Dongxin Road", "Qiutao Road",
        "Shangtang Road", "Xintang Road", "Chaowang Road", "Hushu Road", "Gongchen Road", "Jiuhuan Road",
    ];

    public static string PersonName(Random random) =>
        $"{Surnames[random.Next(Surnames.Length)]} {GivenNames[random.Next(GivenNames.Length)]}";
}
