namespace NativeArrays.Tests;
public class Smoke { [Test] public void TestProjectRuns() { var x = 1; Assert.That(x + 1, Is.EqualTo(2)); } }
