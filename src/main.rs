use std::process::ExitCode;

fn main() -> ExitCode {
    tether::main()
}
