module tallyfy.example/bench-go

go 1.19
