"""The meal and supplement planner: days a person would eat that reach their absorbed-B12
target (the project's absorption model, not eaten µg) with minerals and fluids in range.

A mixed-integer program over the imported USDA foods: each meal is made of roles
(``knowledge/planner.toml``), each role holds one food in whole multiples of one of its
household portions, and the absorbed B12 of each meal is the absorption model's, made
linear (``milp.py``). The model is pure data; HiGHS solves it in ``solver.py`` (the one
adapter). ``plan.py`` is the entry point::

    from b12.planner.plan import PlanRequest, plan_meals
    result = plan_meals(PlanRequest(profile=person, days=7), foods, knowledge)

The plan informs; it does not prescribe.
"""
