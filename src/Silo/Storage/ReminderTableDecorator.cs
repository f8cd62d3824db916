namespace SmartCity.Silo.Storage;

/// <summary>Puts a wrapper around the reminder table a provider registered, keeping the provider's own as the inner one.</summary>
public static class ReminderTableDecorator
{
    public static void Decorate(IServiceCollection services, Func<IReminderTable, IServiceProvider, IReminderTable> wrap)
    {
        var provider = services.Last(d => d.ServiceType == typeof(IReminderTable));
        var tableType = provider.ImplementationType
            ?? throw new InvalidOperationException("The ADO.NET reminder table is no longer registered by type; update ReminderTableDecorator.");
        services.Remove(provider);
        services.AddSingleton(tableType);
        services.AddSingleton(serviceProvider => wrap((IReminderTable)serviceProvider.GetRequiredService(tableType), serviceProvider));
    }
}
