using SmartCity.Grains.City;

namespace SmartCity.Grains.Quiz;

/// <summary>Counts a day's answers per district and for the whole city.</summary>
public static class QuizTally
{
    public const string CityId = "city";

    /// <summary>
    /// Participants, correct answers, the share correct and participants per 10,000 residents, where
    /// residents are the sum of the district's grid cells. Every district is listed, in the city's order.
    /// </summary>
    public static QuizResults Count(DateOnly day, IEnumerable<QuizDayAnswer> answers, CityMap city)
    {
        var tallies = city.Definition.Districts.ToDictionary(d => d.Id, _ => new Tally(), StringComparer.Ordinal);
        foreach (var cell in city.Definition.GridCells) tallies[cell.DistrictId].Residents += cell.Residents;
        var total = new Tally { Residents = tallies.Values.Sum(t => t.Residents) };
        foreach (var answer in answers)
        {
            // An answer from a district the city file no longer has still counts for the city.
            tallies.GetValueOrDefault(answer.DistrictId)?.Add(answer.Correct);
            total.Add(answer.Correct);
        }
        var districts = city.Definition.Districts.Select(d => tallies[d.Id].ToResult(d.Id, d.Name)).ToArray();
        return new QuizResults(day, total.ToResult(CityId, city.Definition.Name), districts);
    }

    private sealed class Tally
    {
        public int Residents { get; set; }

        public int Participants { get; private set; }

        public int Correct { get; private set; }

        public void Add(bool correct)
        {
            Participants++;
            if (correct) Correct++;
        }

        public QuizAreaResult ToResult(string id, string name) => new(
            id, name, Residents, Participants, Correct,
            Participants == 0 ? null : Math.Round((double)Correct / Participants, 4),
            Residents == 0 ? null : Math.Round(Participants * 10_000.0 / Residents, 2));
    }
}
