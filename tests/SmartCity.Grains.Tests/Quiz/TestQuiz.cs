using System.Text;
using System.Text.Json.Nodes;
using SmartCity.Grains.Quiz;

namespace SmartCity.Grains.Tests.Quiz;

/// <summary>
/// A small quiz that passes validation, for tests to break one thing at a time: three undated questions
/// that take turns ("hotline", "sorting", "parking") and one dated 2026-12-02 ("safety-day").
/// </summary>
internal static class TestQuiz
{
    public static readonly DateOnly SafetyDay = new(2026, 12, 2);

    private static int _daysTaken;

    public static QuizBook Book { get; } = Read(Json());

    public static string Json() => """
        {
          "questions": [
            {
              "id": "hotline",
              "text": {"en": "Which number is the government service hotline?", "zh": "政务服务便民热线是哪个号码？"},
              "options": [{"en": "110", "zh": "110"}, {"en": "12345", "zh": "12345"}, {"en": "12315", "zh": "12315"}],
              "correctOption": 1,
              "explanation": {"en": "12345 takes requests about any public service.", "zh": "12345受理各类公共服务诉求。"}
            },
            {
              "id": "sorting",
              "text": {"en": "Where do used tissues go?", "zh": "用过的纸巾投放到哪里？"},
              "options": [
                {"en": "Recyclables", "zh": "可回收物"}, {"en": "Hazardous waste", "zh": "有害垃圾"},
                {"en": "Other waste", "zh": "其他垃圾"}, {"en": "Kitchen waste", "zh": "厨余垃圾"}
              ],
              "correctOption": 2,
              "explanation": {"en": "Used tissue cannot be recycled.", "zh": "用过的纸巾无法回收。"}
            },
            {
              "id": "parking",
              "text": {"en": "What does a solid yellow kerb line mean?", "zh": "路缘石黄色实线表示什么？"},
              "options": [{"en": "No parking", "zh": "禁止停车"}, {"en": "Paid parking", "zh": "收费停车"}, {"en": "Taxis only", "zh": "出租车专用"}],
              "correctOption": 0,
              "explanation": {"en": "No parking, not even briefly.", "zh": "禁止停车，含临时停车。"}
            },
            {
              "id": "safety-day",
              "date": "2026-12-02",
              "text": {"en": "A pedestrian is on the zebra crossing. What does a driver do?", "zh": "行人正在通过人行横道，驾驶人应怎么做？"},
              "options": [{"en": "Horn and pass", "zh": "鸣笛通过"}, {"en": "Drive around", "zh": "绕行"}, {"en": "Stop and yield", "zh": "停车让行"}],
              "correctOption": 2,
              "explanation": {"en": "Road Traffic Safety Law, Article 47.", "zh": "《道路交通安全法》第四十七条。"}
            }
          ]
        }
        """;

    public static QuizBook Read(string json) => QuizBook.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    /// <summary>The quiz file with one question changed, as a person editing it by hand might.</summary>
    public static string JsonWith(int index, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Json())!.AsObject();
        edit(root["questions"]![index]!.AsObject());
        return root.ToJsonString();
    }

    public static QuizFileException ReadFails(string json) => Assert.Throws<QuizFileException>(() => Read(json));

    /// <summary>A day no other test has used, so its quiz day grain starts without answers.</summary>
    public static DateOnly TakeDay() => new DateOnly(2030, 1, 1).AddDays(Interlocked.Increment(ref _daysTaken));
}
