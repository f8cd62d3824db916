namespace SmartCity.Simulator.Planning.Urbanization;

/// <summary>An estimated parameter with its standard error and approximate 95 % confidence interval.</summary>
public sealed record FittedParameter(string Name, double Estimate, double StandardError, double Lower95, double Upper95, string Unit);

/// <summary>A model fitted to a series: its central curve, its parameters, and curves drawn from their uncertainty.</summary>
public interface IFittedUrbanModel
{
    /// <summary>The short name the report and the back-test use.</summary>
    string Name { get; }

    IReadOnlyList<FittedParameter> Parameters { get; }

    /// <summary>What a reader of the parameters should know (a parameter at its bound, a fallback taken).</summary>
    IReadOnlyList<string> Notes { get; }

    /// <summary>The fitted urban share in percent in <paramref name="year"/>.</summary>
    double ShareIn(int year);

    /// <summary>A curve whose parameters are drawn from their approximate sampling distribution.</summary>
    Func<int, double> DrawCurve(Random random);
}

/// <summary>A way to fit one model to the observations up to some year.</summary>
public sealed record UrbanModelKind(string Name, Func<IReadOnlyList<UrbanObservation>, IFittedUrbanModel> Fit)
{
    /// <summary>The models the projection weighs against each other (docs/planning-urbanization.md, "Models").</summary>
    public static IReadOnlyList<UrbanModelKind> All(int recentYears) =>
    [
        new(LogisticFit.ModelName, LogisticFit.Fit),
        new(GrowthDifferenceFit.ModelName, observations => GrowthDifferenceFit.Fit(observations, recentYears)),
    ];
}
